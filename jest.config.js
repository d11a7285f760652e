/** @type {import("jest").Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // The shared limiter's tests need a redis-server: \`npm run test:redis\` runs them (it lifts this pattern).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/redis/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // The provider loads its implementation by package name at call time (see provider/resource/provider.ts);
  // inside jest that name maps to the TypeScript sources under test rather than the build output.
  moduleNameMapper: {
    "^pulumi-tencentcloud-member-email/internal/lifecycle$": "<rootDir>/provider/resource/lifecycle.ts",
    "^tencentcloud-organization-emulator$": "<rootDir>/emulator/src/index.ts",
  },
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  testTimeout: 60000,
};
