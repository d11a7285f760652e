import { spawnSync } from "node:child_process";
import { join, relative as relativePath } from "node:path";
import { assertBuildIsCurrent } from "../support/build";

/**
 * What the lifecycle loads, seen in a Node.js process of its own running the build: a preview of unchanged
 * bindings (check and diff) must stay as cheap as validating inputs, without the SDK's load time and memory.
 */

const root = join(__dirname, "..", "..");
const inputs = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138000" };
const state = {
  ...inputs,
  bindId: 7,
  bindStatus: "Valid",
  applyTime: "2026-11-25 10:00:00",
  bindTime: "",
  description: "",
  phoneBind: 1,
  __provider: "serialized",
};

describe("module loading", () => {
  test("check and diff, all a preview of unchanged bindings calls, never load the API client and its SDK", () => {
    // A Node.js process of its own, with nothing loaded yet, running the build as the engine's provider process
    // does (by the package's name): jest's module registry and its mocks would hide what a real process loads.
    assertBuildIsCurrent();
    const script = `
      (async () => {
        const lifecycle = require("pulumi-tencentcloud-member-email/internal/lifecycle");
        const answers = [
          await lifecycle.check({}, ${JSON.stringify(inputs)}),
          await lifecycle.diff("100000000001", ${JSON.stringify(state)}, ${JSON.stringify(inputs)}),
        ];
        console.log(JSON.stringify({ answers, loaded: Object.keys(require.cache) }));
      })();`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const { answers, loaded } = JSON.parse(run.stdout) as { answers: unknown[]; loaded: string[] };
    expect(answers).toMatchObject([{ failures: [] }, { changes: false }]);
    const relative = loaded.map((file) => relativePath(root, file));
    // What the lifecycle loads is seen: its own module and the validation check runs.
    expect(relative).toEqual(
      expect.arrayContaining([
        join("dist", "provider", "resource", "lifecycle.js"),
        join("dist", "provider", "resource", "validate.js"),
      ]),
    );
    const client = join("dist", "provider", "api", "client.js");
    const sdk = /(^|[\\/])tencentcloud-sdk-nodejs[^\\/]*[\\/]/;
    expect(relative.filter((file) => file === client || sdk.test(file))).toEqual([]);
  });
});
