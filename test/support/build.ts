import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

/** The compiled folders the engine loads, with the sources they come from. */
const builds = [
  { sources: "provider", output: "dist/provider" },
  { sources: "emulator/src", output: "emulator/dist" },
] as const;

/**
 * Throws when a compiled file the engine would load is missing or older than its source. Under the engine,
 * the provider runs from `dist/` (the serialized provider loads `pulumi-tencentcloud-member-email/internal/lifecycle`
 * by name, which resolves to the build), not from the sources jest compiles, so a stale build would test old code.
 */
export function assertBuildIsCurrent(): void {
  const stale: string[] = [];
  for (const { sources, output } of builds) {
    // Recursive: the provider's sources live in role folders (resource/, api/, plugin/, cli/).
    const files = readdirSync(join(root, sources), { recursive: true, encoding: "utf8" });
    for (const file of files.filter((name) => name.endsWith(".ts"))) {
      const compiled = join(root, output, file.replace(/\.ts$/, ".js"));
      if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(join(root, sources, file)).mtimeMs) {
        stale.push(`${sources}/${file}`);
      }
    }
  }
  if (stale.length > 0) {
    throw new Error(
      `The engine tests run the compiled provider and emulator, and the build is older than ${stale.join(", ")}: ` +
        "run `npm run build` first (`npm test` does).",
    );
  }
}
