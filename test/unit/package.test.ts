import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const root = join(__dirname, "..", "..");

/** Lays the files `npm pack` would publish into a fresh project's node_modules, next to the real dependencies. */
function installPackedCopy(): string {
  const project = mkdtempSync(join(tmpdir(), "member-email-consumer-"));
  const target = join(project, "node_modules", "pulumi-tencentcloud-member-email");
  const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" })) as [
    { files: { path: string }[] },
  ];
  for (const { path } of packed[0].files) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    cpSync(join(root, path), join(target, path));
  }
  for (const entry of readdirSync(join(root, "node_modules"))) {
    if (entry === "pulumi-tencentcloud-member-email" || entry.startsWith(".")) continue;
    symlinkSync(join(root, "node_modules", entry), join(project, "node_modules", entry));
  }
  return project;
}

describe("the published package", () => {
  let project: string;
  beforeAll(() => {
    project = installPackedCopy();
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  test("is what require() loads from another folder, with the resource and the provider", () => {
    const script = `
      const lib = require("pulumi-tencentcloud-member-email");
      const path = require.resolve("pulumi-tencentcloud-member-email");
      lib.memberEmailProvider.check({}, { memberUin: 1, email: "a@example.com", countryCode: "86", phone: "12" }).then((result) =>
        console.log(JSON.stringify({ path, resource: typeof lib.OrganizationMemberEmail, provider: Object.keys(lib.memberEmailProvider), failures: result.failures })));`;
    const output = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" })) as {
      path: string;
      resource: string;
      provider: string[];
      failures: { property: string }[];
    };
    expect(output.path).toBe(join(project, "node_modules", "pulumi-tencentcloud-member-email", "dist", "provider", "index.js"));
    expect(output.resource).toBe("function");
    expect(output.provider.sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
    expect(output.failures.map((failure) => failure.property)).toEqual(["phone"]);
  });

  test("loads the provider without the emulator's native SQLite binding", () => {
    const script = `
      require("pulumi-tencentcloud-member-email");
      require("pulumi-tencentcloud-member-email/lifecycle");
      console.log(JSON.stringify(Object.keys(require.cache).filter((file) => file.includes("better-sqlite3") || file.includes("/emulator/"))));`;
    expect(JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" }))).toEqual([]);
  });

  test("exports the emulator as a subpath", () => {
    const script = `console.log(typeof require("pulumi-tencentcloud-member-email/emulator").startEmulator)`;
    expect(execFileSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" }).trim()).toBe("function");
  });
});
