// Lets a child `node` process run the emulator's TypeScript sources directly (`node -r <this file>
// emulator/cli.ts`), so the CLI tests exercise the code under test rather than a build that may be
// stale, and do not depend on the rest of the repository compiling. ts-node is not installed; this is
// the same idea in a few lines: transpile each .ts file on require, without type checking.
"use strict";
const fs = require("node:fs");
const ts = require("typescript");

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false,
    },
  });
  module._compile(outputText, filename);
};
