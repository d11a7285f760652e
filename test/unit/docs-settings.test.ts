/**
 * docs/installation-configuration.md lists every setting the provider reads, as the code reads it: the one
 * settings table (provider/api/setting-table.ts) gives the settings, their variables, types and which are
 * secret; the dynamic provider reads `tencentcloud:<name>`, the plugin `tencentcloud-member-email:<name>`,
 * and the fields of `assumeRole` and `assumeRoleWithWebIdentity` have the variables credential-settings.ts
 * reads. A setting added to the table and not to the page, or a key or variable mistyped there, fails here.
 */
import { credentialSources } from "../../provider/api/credential-settings";
import { DEFAULT_CONFIG_NAMESPACE, type Setting, settingTable } from "../../provider/api/setting-table";
import { PACKAGE_NAME } from "../../provider/plugin/schema";
import { codeSpans, documentationPages, readRepositoryFile, tableRows } from "../support/markdown";

const page = "docs/installation-configuration.md";

/** One row the page must have: a setting, or a field of an object setting, as the code reads it. */
interface ExpectedRow {
  /** `secretId`, or `assumeRole.roleArn` for a field. */
  readonly key: string;
  /** The environment variable read when the config key is not set, if any. */
  readonly env?: string;
  /** The type the page gives: `string`, `number`, `integer` or `list of strings`. */
  readonly type: string;
  /** Whether the plugin keeps the value secret in state. */
  readonly secret: boolean;
}

/** How the page words a type of the settings table. */
const typeWords: Readonly<Record<string, string>> = {
  string: "string",
  number: "number",
  integer: "integer",
  stringList: "list of strings",
};

/** The variable credential-settings.ts reads for a field of an object setting, if any. */
function fieldEnv(field: string): string | undefined {
  const source = (credentialSources as Record<string, { readonly env?: string }>)[field];
  return source?.env;
}

/** Every row the page must have, from the code's tables. */
const expected: ExpectedRow[] = Object.entries(settingTable).flatMap(([name, setting]: [string, Setting]) =>
  setting.fields
    ? Object.entries(setting.fields).map(([field, spec]) => ({
        key: `${name}.${field}`,
        env: fieldEnv(field),
        type: typeWords[spec.type],
        secret: setting.secret === true || spec.secret === true,
      }))
    : [{ key: name, env: setting.env, type: typeWords[setting.type], secret: setting.secret === true }],
);

/** A row of a docs table that names a config key, read back into the shape of ExpectedRow. */
interface DocumentedRow {
  readonly key?: string;
  readonly pluginKey?: string;
  readonly env?: string;
  readonly cells: readonly string[];
}

const dynamicPrefix = `${DEFAULT_CONFIG_NAMESPACE}:`;
const pluginPrefix = `${PACKAGE_NAME}:`;

/** The config keys and variable a table row names in its code spans. */
function documentedRow(cells: readonly string[]): DocumentedRow {
  const spans = cells.flatMap((cell) => codeSpans(cell));
  return {
    key: spans.find((span) => span.startsWith(dynamicPrefix))?.slice(dynamicPrefix.length),
    pluginKey: spans.find((span) => span.startsWith(pluginPrefix))?.slice(pluginPrefix.length),
    env: spans.find((span) => /^TENCENTCLOUD_[A-Z_]+$/.test(span)),
    cells,
  };
}

/** The rows of the page's settings table: those with both a dynamic provider's and a plugin's key. */
const settingsRows = tableRows(readRepositoryFile(page))
  .map(documentedRow)
  .filter((row) => row.key !== undefined && row.pluginKey !== undefined);

test.each(expected.map((row) => [row.key, row] as const))(
  `${page} lists %s with its config keys, variable, type and secrecy`,
  (key, row) => {
    const rows = settingsRows.filter((documented) => documented.key === key);
    expect(rows).toHaveLength(1);
    const [documented] = rows;
    expect(documented.pluginKey).toBe(key);
    expect(documented.env).toBe(row.env);
    // The row's last three cells: type, default, secret.
    const [type, , secret] = documented.cells.slice(-3);
    expect(type).toBe(row.type);
    expect(secret).toBe(row.secret ? "yes" : "no");
  },
);

test(`${page} lists no setting the provider does not read`, () => {
  expect(settingsRows.map((row) => row.key).sort()).toEqual(expected.map((row) => row.key).sort());
});

/** Every table row of the docs that names a config key and a variable together. */
const pairedRows = documentationPages().flatMap((file) =>
  tableRows(readRepositoryFile(file))
    .map(documentedRow)
    .filter((row) => (row.key ?? row.pluginKey) !== undefined && row.env !== undefined)
    .map((row) => [file, row.key ?? row.pluginKey, row] as const),
);

test.each(pairedRows)("%s pairs %s with the variable the provider reads for it", (_file, key, row) => {
  const known = expected.find((setting) => setting.key === key);
  expect(known).toBeDefined();
  expect(row.env).toBe(known?.env);
});
