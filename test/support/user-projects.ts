/**
 * Projects shaped the way `pulumi new typescript` and `pulumi new javascript` make them, with a program that
 * binds one member's email from stack config: the TypeScript one is examples/typescript/index.ts, the program
 * docs/_index.md shows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryRoot } from "../../scripts/engine";
import type { ProjectFiles } from "./cli-project";

/** Pulumi.yaml as `pulumi new` writes it for a Node.js template. */
function pulumiYaml(name: string): string {
  const runtime = "runtime:\n  name: nodejs\n  options:\n    packagemanager: npm\n";
  return `name: ${name}\ndescription: A minimal program\n${runtime}`;
}

/** `pulumi new typescript`: Pulumi.yaml, its strict tsconfig.json, index.ts, package.json with `main: index.ts`. */
export const typescriptProject: ProjectFiles = {
  packageJson: { name: "member-email-ts", main: "index.ts" },
  devDependencies: ["@types/node", "typescript"],
  files: {
    "Pulumi.yaml": pulumiYaml("member-email-ts"),
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
          sourceMap: true,
          experimentalDecorators: true,
          pretty: true,
          noFallthroughCasesInSwitch: true,
          noImplicitReturns: true,
          forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts"],
      },
      null,
      4,
    )}\n`,
    // The TypeScript program of docs/_index.md, so the page shows what this project runs.
    "index.ts": readFileSync(join(repositoryRoot, "examples", "typescript", "index.ts"), "utf8"),
  },
};

/** `pulumi new javascript`: Pulumi.yaml, index.js in CommonJS, package.json with `main: index.js`; no TypeScript. */
export const javascriptProject: ProjectFiles = {
  packageJson: { name: "member-email-js", main: "index.js" },
  files: {
    "Pulumi.yaml": pulumiYaml("member-email-js"),
    "index.js": `"use strict";
const pulumi = require("@pulumi/pulumi");
const { OrganizationMemberEmail } = require("pulumi-tencentcloud-member-email");

const config = new pulumi.Config();
const binding = new OrganizationMemberEmail("member", {
    memberUin: config.requireNumber("memberUin"),
    email: config.requireSecret("email"),
    countryCode: config.get("countryCode") || "86",
    phone: config.requireSecret("phone"),
});

exports.bindId = binding.bindId;
exports.bindStatus = binding.bindStatus;
`,
  },
};
