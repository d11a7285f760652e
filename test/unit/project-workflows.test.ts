/**
 * The project's own workflows, .github/workflows/ci.yml and release.yml: actionlint's verdict on them, ci.yml
 * running what .ci/run runs on each Node.js version, and release.yml uploading and publishing exactly the files
 * `npm run release` makes (`releaseFileNames` in scripts/release-files.js), each job with the least permissions.
 * The workflows cannot run here (no GitHub); what their shell steps decide (the tag check) is run for real.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { PLUGIN_DOWNLOAD_URL } from "../../provider/plugin/schema";
import { lintWorkflows } from "../support/actionlint";
import { readRepositoryFile, repositoryPath } from "../support/markdown";

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string>;
  readonly environment?: string;
  readonly outputs?: Record<string, string>;
  readonly strategy?: { readonly matrix?: Record<string, unknown> };
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, { branches?: string[]; tags?: string[] } | null>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

// scripts/release-files.js is `// @ts-check` JavaScript outside the TypeScript program: loaded here, typed here.
const { releaseFileNames } = createRequire(__filename)(repositoryPath("scripts/release-files.js")) as {
  releaseFileNames: (version: string) => string[];
};

const ciFile = repositoryPath(".github/workflows/ci.yml");
const releaseFile = repositoryPath(".github/workflows/release.yml");
const ci = parse(readFileSync(ciFile, "utf8")) as Workflow;
const release = parse(readFileSync(releaseFile, "utf8")) as Workflow;
const version = (JSON.parse(readRepositoryFile("package.json")) as { version: string }).version;
const releaseFiles = releaseFileNames(version);

/** A step's shell lines, trimmed, with backslash-continued lines joined into one. */
function lines(step: Step): string[] {
  return (step.run ?? "")
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** A command line's words, their quotes and a list's closing `;` removed (the workflows never quote spaces). */
function words(line: string): string[] {
  return line.split(/\s+/).map((word) => word.replace(/;$/, "").replace(/^["']|["']$/g, ""));
}

/** The file names a shell word names in dist/release/, its `*` globs resolved against the release's files. */
function releaseFilesNamed(word: string): string[] {
  const name = word.replace(/^dist\/release\//, "").replaceAll("$VERSION", version);
  const pattern = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*")}$`);
  const named = releaseFiles.filter((file) => pattern.test(file));
  // A name the release does not make would fail the workflow at publishing: it counts as named, and unmatched.
  return named.length > 0 ? named : [`${name} (not made by npm run release)`];
}

/** Every shell line of a job's steps. */
function jobLines(job: Job): string[] {
  return job.steps.flatMap(lines);
}

/** The shell lines a matrix job runs with `matrix.node` set to `node` (its steps' `if: matrix.node == N` applied). */
function linesOnNode(job: Job, node: number): string[] {
  return job.steps
    .filter((step) => {
      if (step.if === undefined) return true;
      const condition = /^\s*matrix\.node\s*(==|!=)\s*(\d+)\s*$/.exec(step.if);
      if (condition === null) throw new Error(`a step's condition this test cannot read: ${step.if}`);
      return (Number(condition[2]) === node) === (condition[1] === "==");
    })
    .flatMap(lines);
}

/** Whether `expected` appears in `actual` in its order (other lines may come between). */
function inOrder(actual: readonly string[], expected: readonly string[]): boolean {
  let at = 0;
  for (const line of actual) if (line === expected[at]) at += 1;
  return at === expected.length;
}

/** .ci/run's commands (npm and scripts/ensure-pulumi), on the machine's Node.js 20, then on Node.js 24. */
function ciRunCommands(): { node20: string[]; node24: string[] } {
  const script = readRepositoryFile(".ci/run");
  const split = script.indexOf('section "Node.js 24 LTS"\n');
  expect(split).toBeGreaterThan(0);
  const commands = (part: string) =>
    part
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("npm ") || line.includes("scripts/ensure-pulumi"));
  return { node20: commands(script.slice(0, split)), node24: commands(script.slice(split)) };
}

test("actionlint finds nothing in the project's CI workflow nor its release workflow", () => {
  const verdict = lintWorkflows([ciFile, releaseFile]);
  expect(verdict.output).toBe("");
  expect(verdict.status).toBe(0);
}, 300_000);

describe("ci.yml", () => {
  const job = ci.jobs.test;

  test("checks every pull request and every push to main, reading the repository and nothing more", () => {
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(ci.on.pull_request).toBeNull();
    expect(ci.on.push?.branches).toEqual(["main"]);
    expect(ci.permissions).toEqual({ contents: "read" });
    expect(Object.values(ci.jobs).every((each) => each.permissions === undefined)).toBe(true);
  });

  test("runs .ci/run's commands on Node.js 20 and on Node.js 24, the newest @pulumi/pulumi on 24 only", () => {
    expect(job.strategy?.matrix?.node).toEqual([20, 24]);
    const setupNode = job.steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(setupNode?.with?.["node-version"]).toBe("${{ matrix.node }}");
    const run = ciRunCommands();
    expect(run.node20).toContain("npm test");
    expect(run.node24).toContain("npm test");

    const on20 = linesOnNode(job, 20);
    expect(inOrder(on20, run.node20)).toBe(true);
    // What .ci/run does on Node.js 24 alone (the newest @pulumi/pulumi over the lockfile's) is not done on 20.
    const only24 = run.node24.filter((command) => !run.node20.includes(command));
    expect(only24.length).toBeGreaterThan(0);
    expect(on20.filter((line) => only24.includes(line))).toEqual([]);

    const on24 = linesOnNode(job, 24);
    expect(inOrder(on24, run.node24)).toBe(true);
    // The Node.js 24 run inherits the first run's set-up (the Pulumi CLI, Node.js 24 for the plugin), before its tests.
    const setUp = run.node20.slice(0, run.node20.indexOf("npm test"));
    const before = on24.slice(0, on24.indexOf("npm test"));
    expect(setUp.filter((command) => !before.includes(command))).toEqual([]);
  });

  test("installs the Debian packages .ci/run installs, and the pinned Pulumi CLI with Go and a cache of what it builds", () => {
    // A command continued over lines (`\` at a line's end) is one command.
    const aptPackages = (text: string) =>
      [...text.replaceAll("\\\n", " ").matchAll(/apt-get install -y ([^&|;\n]+)/g)].flatMap((match) =>
        match[1].trim().split(/\s+/),
      );
    const needed = aptPackages(readRepositoryFile(".ci/run"));
    expect(needed).toContain("redis-server");
    const installed = aptPackages(jobLines(job).join("\n"));
    expect(needed.filter((name) => !installed.includes(name))).toEqual([]);
    expect(job.steps.some((step) => step.uses?.startsWith("actions/setup-go@"))).toBe(true);
    // The pinned CLI, not the runner image's, which ensure-pulumi would take from the PATH.
    const lines20 = linesOnNode(job, 20);
    const removed = lines20.findIndex((line) => line === "sudo rm -f /usr/local/bin/pulumi /usr/local/bin/pulumi-*");
    const ensured = lines20.findIndex((line) => line.includes("scripts/ensure-pulumi"));
    expect(removed).toBeGreaterThanOrEqual(0);
    expect(removed).toBeLessThan(ensured);
    const cache = job.steps.find((step) => step.uses?.startsWith("actions/cache@"));
    expect(String(cache?.with?.path).split("\n")).toContain("~/.cache/pulumi-tencentcloud-member-email");
    expect(cache?.with?.key).toContain("hashFiles('scripts/ensure-pulumi'");
  });
});

describe("release.yml", () => {
  const { build, npm, pypi, go } = release.jobs;
  const published = ["npm", "pypi", "go"];

  test("runs on a v* tag, each job with only the permissions it needs, publishing after the GitHub release", () => {
    expect(Object.keys(release.on)).toEqual(["push"]);
    expect(release.on.push?.tags).toEqual(["v*"]);
    expect(release.permissions).toEqual({});
    expect(Object.fromEntries(Object.entries(release.jobs).map(([name, each]) => [name, each.permissions]))).toEqual({
      build: { contents: "read" },
      "sign-darwin": {},
      "github-release": { contents: "write" },
      npm: { "id-token": "write" },
      pypi: { "id-token": "write" },
      go: { contents: "write" },
    });
    for (const name of published) expect(release.jobs[name].needs).toEqual(["build", "github-release"]);
    // Trusted publishing only: no long-lived registry token anywhere in the workflow.
    expect(readFileSync(releaseFile, "utf8")).not.toMatch(
      /NPM_TOKEN|NODE_AUTH_TOKEN|PYPI_API_TOKEN|password:|secrets\.(?!GITHUB_TOKEN)/,
    );
  });

  test("refuses a tag that is not package.json's version, or a version the CHANGELOG has no section for", () => {
    const check = build.steps.find((step) => step.id === "version");
    expect(build.outputs?.version).toBe("${{ steps.version.outputs.version }}");
    const changelog = readRepositoryFile("CHANGELOG.md");
    expect(changelog).toMatch(new RegExp(`^## \\[${version.replaceAll(".", "\\.")}\\] - `, "m"));
    const scratch = mkdtempSync(join(tmpdir(), "release-tag-"));
    try {
      // The step runs in a copy of the files it reads, as a run step's shell runs it (bash -eo pipefail).
      copyFileSync(repositoryPath("package.json"), join(scratch, "package.json"));
      const runCheck = (tag: string, changelogText: string) => {
        writeFileSync(join(scratch, "CHANGELOG.md"), changelogText);
        const output = join(scratch, "github-output");
        writeFileSync(output, "");
        const result = spawnSync("bash", ["-eo", "pipefail", "-c", check?.run ?? "exit 99"], {
          cwd: scratch,
          encoding: "utf8",
          env: { ...process.env, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: output },
        });
        return { status: result.status, stderr: result.stderr, written: readFileSync(output, "utf8") };
      };
      const right = runCheck(`v${version}`, changelog);
      expect(right).toEqual({ status: 0, stderr: "", written: `version=${version}\n` });
      const wrong = runCheck(`v${version}.1`, changelog);
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain(`The tag v${version}.1 is not v${version}, package.json's version`);
      expect(wrong.written).toBe("");
      // The section's heading only in a line's middle, as in a sentence, is no section.
      const unreleased = changelog.replaceAll(`## [${version}] - `, `See [${version}] - `);
      const noSection = runCheck(`v${version}`, `${unreleased}\nA line naming ## [${version}] - in passing.\n`);
      expect(noSection.status).toBe(1);
      expect(noSection.stderr).toContain(`CHANGELOG.md has no section "## [${version}] - <date>"`);
      expect(noSection.written).toBe("");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    // Every later job reads the version the check passed on.
    for (const name of published) {
      const versions = release.jobs[name].steps.flatMap((step) => (step.env?.VERSION ? [step.env.VERSION] : []));
      expect(versions).toEqual([expect.any(String)]);
      expect(new Set(versions)).toEqual(new Set(["${{ needs.build.outputs.version }}"]));
    }
  });

  test("builds with npm run release and makes the GitHub release with exactly the files it writes", () => {
    expect(jobLines(build)).toContain("npm run release");
    const uploadOf = (job: string) =>
      release.jobs[job].steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    const downloadOf = (job: string) =>
      release.jobs[job].steps.find((step) => step.uses?.startsWith("actions/download-artifact@"));
    const upload = uploadOf("build");
    expect(upload?.with?.path).toBe("dist/release/");
    for (const name of ["sign-darwin", ...published.filter((each) => each !== "go")]) {
      expect(downloadOf(name)?.with).toEqual({ name: upload?.with?.name, path: "dist/release" });
    }
    // The GitHub release takes the files from the macOS job, which signed the darwin plugins and wrote the
    // checksums again, and changed no name.
    const signed = uploadOf("sign-darwin");
    expect(signed?.with?.path).toBe("dist/release/");
    expect(downloadOf("github-release")?.with).toEqual({ name: signed?.with?.name, path: "dist/release" });
    expect(release.jobs["github-release"].needs).toEqual(["build", "sign-darwin"]);
    const signing = jobLines(release.jobs["sign-darwin"]);
    expect(signing).toContain("for platform in darwin-amd64 darwin-arm64; do");
    expect(signing).toContain('codesign --sign - --force "$work/pulumi-resource-tencentcloud-member-email"');
    const create = jobLines(release.jobs["github-release"]).filter((line) => line.startsWith("gh release create"));
    expect(create).toHaveLength(1);
    const uploaded = words(create[0])
      .filter((word) => word.startsWith("dist/release/"))
      .flatMap(releaseFilesNamed);
    expect(uploaded.sort()).toEqual(releaseFiles);
  });

  test("publishes the provider, the emulator and the Node.js SDK tarballs to npm, with provenance", () => {
    const publishLines = jobLines(npm);
    const tarballs = publishLines.flatMap((line) => words(line).filter((word) => word.startsWith("dist/release/")));
    expect(tarballs.flatMap(releaseFilesNamed).sort()).toEqual(releaseFiles.filter((file) => file.endsWith(".tgz")));
    // One publish, of each tarball the loop names, with its provenance.
    const publishes = publishLines.filter((line) => line.startsWith("npm publish"));
    expect(publishes).toEqual(['npm publish --provenance --access public "$tarball"']);
    expect(publishLines.filter((line) => line.startsWith("for tarball in "))).toHaveLength(1);
    expect(npm.steps.find((step) => step.uses?.startsWith("actions/setup-node@"))?.with?.["registry-url"]).toBe(
      "https://registry.npmjs.org",
    );
  });

  test("each npm package names the repository the release is built in, as npm's provenance check requires", () => {
    // The schema's pluginDownloadURL names the project's repository: github://api.github.com/OWNER/REPO.
    const repository = PLUGIN_DOWNLOAD_URL.replace(/^github:\/\/api\.github\.com\//, "https://github.com/");
    for (const file of ["package.json", "emulator/package.json", "sdk/nodejs/package.json"]) {
      const manifest = JSON.parse(readRepositoryFile(file)) as { repository?: string | { url?: string } };
      const url = typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
      expect(`${file}: ${url?.replace(/^git\+/, "").replace(/\.git$/, "")}`).toBe(`${file}: ${repository}`);
    }
  });

  test("publishes the Python SDK's sdist and wheel alone to PyPI, from a folder holding just them", () => {
    const copies = jobLines(pypi).filter((line) => line.startsWith("cp "));
    expect(copies).toHaveLength(1);
    const copied = words(copies[0]).slice(1);
    const folder = copied.pop();
    expect(copied.flatMap(releaseFilesNamed).sort()).toEqual(
      releaseFiles.filter((file) => /^pulumi_tencentcloud_member_email-.*\.(tar\.gz|whl)$/.test(file)),
    );
    const publish = pypi.steps.find((step) => step.uses?.startsWith("pypa/gh-action-pypi-publish@"));
    expect(publish?.with).toEqual({ "packages-dir": folder, "skip-existing": true });
  });

  test("tags the Go SDK's module under the folder that holds its go.mod", () => {
    const goMods = readdirSync(repositoryPath("sdk"), { recursive: true, encoding: "utf8" }).filter(
      (file) => file === "go.mod" || file.endsWith("/go.mod"),
    );
    expect(goMods).toHaveLength(1);
    const folder = `sdk/${dirname(goMods[0])}`;
    // Go finds a module in a subfolder at tags prefixed with that folder, and the module path ends with it.
    expect(readRepositoryFile(`${folder}/go.mod`)).toMatch(new RegExp(`^module \\S+/${folder}$`, "m"));
    const tag = `${folder}/v$VERSION`;
    expect(jobLines(go)).toEqual([`git tag "${tag}" "$GITHUB_SHA"`, `git push origin "refs/tags/${tag}"`]);
  });
});
