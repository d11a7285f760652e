/**
 * The version of the package, which the commands and the plugin report: from its package.json, found by the
 * package's own name (the `./package.json` export), which resolves from the sources and from an install alike.
 */
export function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const manifest: unknown = require("pulumi-tencentcloud-member-email/package.json");
  const version = typeof manifest === "object" && manifest !== null ? (manifest as { version?: unknown }).version : "";
  if (typeof version !== "string" || version === "") throw new Error("The package's package.json names no version.");
  return version;
}
