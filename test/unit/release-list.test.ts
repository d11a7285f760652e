/**
 * The release's last check (scripts/release.ts `assertReleaseFiles`): a folder is a release only when it holds
 * exactly the files scripts/release-files.js lists, so a step that wrote nothing, or an old file left behind,
 * fails the release with its name rather than reaching the release workflow.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertReleaseFiles } from "../../scripts/release";
import { pluginArchiveName, releaseFileNames } from "../../scripts/release-files";

const version = "1.2.3";
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "member-email-release-list-"));
  for (const name of releaseFileNames(version)) writeFileSync(join(folder, name), "");
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

test("exactly the listed files pass, and are answered sorted", () => {
  expect(assertReleaseFiles(folder, version)).toEqual(releaseFileNames(version));
});

test("a listed file missing fails, naming it", () => {
  rmSync(join(folder, pluginArchiveName(version, "darwin-arm64")));
  expect(() => assertReleaseFiles(folder, version)).toThrow(
    `differs from scripts/release-files.js:\n  missing: ${pluginArchiveName(version, "darwin-arm64")}`,
  );
});

test("a file the list does not name fails, naming it", () => {
  writeFileSync(join(folder, "pulumi_tencentcloud_member_email-1.2.2-py3-none-any.whl"), "");
  expect(() => assertReleaseFiles(folder, version)).toThrow(
    /differs from scripts\/release-files\.js:\n {2}not listed: pulumi_tencentcloud_member_email-1\.2\.2-py3-none-any\.whl$/,
  );
});
