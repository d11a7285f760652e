/**
 * An example of the docs that sets the Organization endpoint (to point the provider at the emulator, or at a proxy)
 * and uses a setting that calls STS (a role, an account list) sets the STS endpoint too: otherwise STS is asked at
 * Tencent's own host while every Organization call goes elsewhere, and a user copying the example against the
 * emulator meets an STS host that does not answer.
 */
import { codeBlocks, documentationPages, readRepositoryFile } from "../support/markdown";

/** The Organization endpoint, as config (dynamic provider, plugin, explicit provider) or environment sets it. */
const organizationEndpoint = /\borganizationEndpoint\b|\bTENCENTCLOUD_ORGANIZATION_ENDPOINT\b/;
/** A setting whose source or guard calls STS: AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity. */
const callsSts =
  /\bassumeRole|\ballowedAccountIds\b|\bforbiddenAccountIds\b|\bTENCENTCLOUD_ASSUME_ROLE_|\bTENCENTCLOUD_(?:ALLOWED|FORBIDDEN)_ACCOUNT_IDS\b/;
const stsEndpoint = /\bstsEndpoint\b|\bTENCENTCLOUD_STS_ENDPOINT\b/;

const examples = documentationPages().flatMap((page) =>
  codeBlocks(readRepositoryFile(page))
    .filter((block) => organizationEndpoint.test(block.text) && callsSts.test(block.text))
    .map((block) => ({ where: `${page}:${block.line}`, text: block.text })),
);

test("the docs show examples that set the Organization endpoint and call STS", () => {
  // docs/plugin.md's explicit providers and the configuration of docs/installation-configuration.md at least.
  expect(examples.map((example) => example.where.split(":")[0])).toEqual(
    expect.arrayContaining(["docs/plugin.md", "docs/installation-configuration.md"]),
  );
});

test.each(examples)("$where sets the STS endpoint along with the Organization endpoint", ({ text }) => {
  expect(text).toMatch(stsEndpoint);
});
