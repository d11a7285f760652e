/**
 * docs/installation-configuration.md lists every setting the provider reads, as the code reads it: the one
 * settings table (provider/api/setting-table.ts) gives the settings, their variables, types and which are
 * secret; both doors read `tencentcloud-member-email:<name>`, the dynamic provider also `tencentcloud:<name>` for
 * the settings the Tencent Cloud provider has too, and the fields of `assumeRole` and `assumeRoleWithWebIdentity`
 * have the variables credential-settings.ts reads. A setting added to the table and not to the page, or a key or variable mistyped there, fails here.
 */
import { credentialSources } from "../../provider/api/credential-settings";
import {
  DEFAULT_CONFIG_NAMESPACE,
  type Setting,
  settingTable,
  TENCENTCLOUD_CONFIG_NAMESPACE,
} from "../../provider/api/setting-table";
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
  /** Whether the dynamic provider also reads it under `tencentcloud:`. */
  readonly shared: boolean;
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
        shared: setting.sharedWithTencentcloud === true,
      }))
    : [
        {
          key: name,
          env: setting.env,
          type: typeWords[setting.type],
          secret: setting.secret === true,
          shared: setting.sharedWithTencentcloud === true,
        },
      ],
);

/** A row of a docs table that names a config key, read back into the shape of ExpectedRow. */
interface DocumentedRow {
  /** The key under the package's namespace. */
  readonly key?: string;
  /** The key under the Tencent Cloud provider's namespace, if the row names one. */
  readonly sharedKey?: string;
  readonly env?: string;
  readonly cells: readonly string[];
}

const packagePrefix = `${DEFAULT_CONFIG_NAMESPACE}:`;
const sharedPrefix = `${TENCENTCLOUD_CONFIG_NAMESPACE}:`;

/** The config keys and variable a table row names in its code spans. */
function documentedRow(cells: readonly string[]): DocumentedRow {
  const spans = cells.flatMap((cell) => codeSpans(cell));
  return {
    key: spans.find((span) => span.startsWith(packagePrefix))?.slice(packagePrefix.length),
    sharedKey: spans.find((span) => span.startsWith(sharedPrefix))?.slice(sharedPrefix.length),
    env: spans.find((span) => /^TENCENTCLOUD_[A-Z_]+$/.test(span)),
    cells,
  };
}

/** The rows of the page's settings table: those with a key, a variable cell and the type, default and secret cells. */
const settingsRows = tableRows(readRepositoryFile(page))
  .map(documentedRow)
  .filter((row) => row.key !== undefined && row.cells.length === 7);

test.each(expected.map((row) => [row.key, row] as const))(
  `${page} lists %s with its config keys, variable, type and secrecy`,
  (key, row) => {
    const rows = settingsRows.filter((documented) => documented.key === key);
    expect(rows).toHaveLength(1);
    const [documented] = rows;
    // The third cell: the same key under tencentcloud: for a setting the Tencent Cloud provider has, else "no".
    if (row.shared) expect(documented.sharedKey).toBe(key);
    else expect(documented.cells[2]).toBe("no");
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
    .filter((row) => (row.key ?? row.sharedKey) !== undefined && row.env !== undefined)
    .map((row) => [file, row.key ?? row.sharedKey, row] as const),
);

test.each(pairedRows)("%s pairs %s with the variable the provider reads for it", (_file, key, row) => {
  const known = expected.find((setting) => setting.key === key);
  expect(known).toBeDefined();
  expect(row.env).toBe(known?.env);
});
