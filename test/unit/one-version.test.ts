/**
 * One version everywhere: the package's package.json names it, and the emulator's package, the dependency on it,
 * the commands' `--version`, the plugin's GetPluginInfo and schema, the three generated SDKs and the CHANGELOG's
 * newest release say the same. A bump that misses one of them fails here.
 */
import { main } from "../../provider/cli/cli";
import { packageVersion } from "../../provider/package-version";
import { nativeProvider } from "../../provider/plugin/native-provider";
import { packageSchema } from "../../provider/plugin/schema";
import { readRepositoryFile } from "../support/markdown";

const version = (JSON.parse(readRepositoryFile("package.json")) as { version: string }).version;

/** A JSON file of the repository, as an object. */
function json(path: string): Record<string, unknown> {
  return JSON.parse(readRepositoryFile(path)) as Record<string, unknown>;
}

test("the package's version is a release version", () => {
  expect(version).toMatch(/^\d+\.\d+\.\d+$/);
});

test("the emulator's package has the same version, and the package depends on that version", () => {
  expect(json("emulator/package.json").version).toBe(version);
  const root = json("package.json") as {
    devDependencies?: Record<string, string>;
    dependencies?: Record<string, string>;
  };
  const range =
    root.devDependencies?.["tencentcloud-organization-emulator"] ??
    root.dependencies?.["tencentcloud-organization-emulator"];
  expect(range).toBe(`^${version}`);
});

test("the commands' --version and the plugin's GetPluginInfo and schema report it", async () => {
  expect(packageVersion()).toBe(version);
  let printed = "";
  const status = await main(["--version"], { stdout: (text) => (printed += text), stderr: () => undefined });
  expect({ status, printed }).toEqual({ status: 0, printed: `${version}\n` });
  expect(nativeProvider().version).toBe(version);
  expect((JSON.parse(packageSchema(packageVersion())) as { version: string }).version).toBe(version);
});

test("the three SDKs carry it", () => {
  const nodejs = json("sdk/nodejs/package.json") as { version: string; pulumi: { version: string } };
  expect([nodejs.version, nodejs.pulumi.version]).toEqual([version, version]);
  expect(json("sdk/go/tencentcloudmemberemail/pulumi-plugin.json").version).toBe(version);
  expect(json("sdk/python/pulumi_tencentcloud_member_email/pulumi-plugin.json").version).toBe(version);
  expect(readRepositoryFile("sdk/python/pyproject.toml")).toMatch(new RegExp(`^\\s*version = "${version}"$`, "m"));
});

test("the CHANGELOG's newest release is it, under an [Unreleased] section for what comes next", () => {
  const headings = [...readRepositoryFile("CHANGELOG.md").matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)];
  expect(headings[0][1]).toBe("Unreleased");
  expect(headings[1][1]).toBe(version);
  expect(headings[1][2]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});
