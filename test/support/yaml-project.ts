/**
 * Pulumi YAML projects that reach the native plugin the way docs/installation-configuration.md tells users: `runtime: yaml` and a
 * `plugins: providers:` entry whose path holds `pulumi-resource-tencentcloud-member-email`.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ensurePulumiCli, repositoryRoot } from "../../scripts/engine";

/** The folder of the repository's plugin executable (it runs the build in dist/). */
export const pluginFolder = join(repositoryRoot, "bin");

/**
 * Throws, with how to get it, when the Pulumi YAML language host is not beside the CLI: the YAML tests
 * need it, and fail rather than skip without it.
 */
export function assertYamlHost(): void {
  const host = join(dirname(ensurePulumiCli()), "pulumi-language-yaml");
  if (!existsSync(host)) {
    throw new Error(
      `The Pulumi YAML language host is missing (no ${host}): run scripts/ensure-pulumi, which builds it from ` +
        "scripts/tools-yaml-host, or install a Pulumi CLI that comes with it (every release does).",
    );
  }
}

/** The Pulumi.yaml of a YAML project named `name` that finds the repository's plugin, then `body`. */
export function yamlProjectText(name: string, body = ""): string {
  return [
    `name: ${name}`,
    "runtime: yaml",
    "plugins:",
    "  providers:",
    "    - name: tencentcloud-member-email",
    `      path: ${JSON.stringify(pluginFolder)}`,
    body,
  ].join("\n");
}

/** A new temporary folder holding a YAML project (see {@link yamlProjectText}). */
export function yamlProject(name: string, body = ""): string {
  const dir = mkdtempSync(join(tmpdir(), "member-email-yaml-"));
  writeFileSync(join(dir, "Pulumi.yaml"), yamlProjectText(name, body));
  return dir;
}

/**
 * The body of a YAML program binding member `memberUin` through the plugin, with the email and the phone from the
 * stack's secret config (`email`, `phone`) and the country code 86.
 */
export function memberProgram(memberUin: number): string {
  return [
    "config:",
    "  email: { type: string, secret: true }",
    "  phone: { type: string, secret: true }",
    "resources:",
    "  member:",
    "    type: tencentcloud-member-email:index:OrganizationMemberEmail",
    "    properties:",
    `      memberUin: ${memberUin}`,
    "      email: ${email}",
    '      countryCode: "86"',
    "      phone: ${phone}",
    "",
  ].join("\n");
}
