/**
 * The native plugin's gRPC server, started in-process (provider/plugin/server.ts `listen`) and called over the
 * engine's provider protocol by a grpc-js client, against the emulator: what the engine tests of the plugin
 * (test/engine/cli-plugin-*.test.ts, cli-yaml-example, cli-explicit-providers-yaml, cli-import-organization) see
 * of it, without the Pulumi CLI. The engine starts one plugin process per provider; here each test starts one
 * server per provider it needs, and the calls of one provider come together, as that process would serve them.
 */
import type * as grpcApi from "@grpc/grpc-js";
import type * as structApi from "google-protobuf/google/protobuf/struct_pb";
import type * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import type * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { EmailChangeRefusedError, FailedEmailError, NothingToImportError } from "../../provider/api/errors";
import { nativeProvider } from "../../provider/plugin/native-provider";
import { listen, loadProtocol, type ProviderServer } from "../../provider/plugin/server";
import { phoneOf, startTwoOrganizations, type TwoOrganizations } from "../support/two-organizations";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET, value });

const TOKEN = "tencentcloud-member-email:index:OrganizationMemberEmail";
const PROVIDERS = "urn:pulumi:dev::bindings::pulumi:providers:tencentcloud-member-email";
const DEFAULT = `${PROVIDERS}::default_0_1_0`;
const urnOf = (name: string) => `urn:pulumi:dev::bindings::${TOKEN}::${name}`;

const protocol = loadProtocol();
const { DiffChanges } = protocol.provider.DiffResponse;
const { Kind } = protocol.provider.PropertyDiff;

/** A Diff answer's detailed diff as property to kind, and whether the answer says it has one. */
function detailedDiff(diff: providerProto.DiffResponse): { has: boolean; kinds: Record<string, number> } {
  const kinds: Record<string, number> = {};
  diff.getDetaileddiffMap().forEach((change, property) => {
    kinds[property] = change.getKind();
  });
  return { has: diff.getHasdetaileddiff(), kinds };
}

/** A Struct of the protocol from a property bag. */
const struct = (bag: Record<string, unknown>): structApi.Struct =>
  protocol.struct.Struct.fromJavaScript(bag as Record<string, structApi.JavaScriptValue>);

/** A Struct of an answer as a property bag (`undefined` when the answer left it out). */
const bagOf = (value: structApi.Struct | undefined): Record<string, unknown> | undefined =>
  value?.toJavaScript() as Record<string, unknown> | undefined;

/** A client of one plugin server, each call answering a promise. */
class Plugin {
  private readonly client: InstanceType<typeof protocol.services.ResourceProviderClient>;

  constructor(private readonly running: ProviderServer) {
    this.client = new protocol.services.ResourceProviderClient(
      `127.0.0.1:${running.port}`,
      protocol.grpc.credentials.createInsecure(),
    );
  }

  /** Answers the response of a unary call, or rejects with the ServiceError it failed with. */
  private ask<Response>(
    call: (done: (error: grpcApi.ServiceError | null, response: Response) => void) => unknown,
  ): Promise<Response> {
    return new Promise((resolve, reject) => {
      call((error, response) => (error ? reject(error) : resolve(response)));
    });
  }

  pluginInfo(): Promise<pluginProto.PluginInfo> {
    return this.ask((done) => this.client.getPluginInfo(new protocol.empty.Empty(), done));
  }

  schema(version: number): Promise<providerProto.GetSchemaResponse> {
    return this.ask((done) =>
      this.client.getSchema(new protocol.provider.GetSchemaRequest().setVersion(version), done),
    );
  }

  configure(args: Record<string, unknown>, names: { urn?: string; name?: string }) {
    const request = new protocol.provider.ConfigureRequest().setArgs(struct(args)).setAcceptsecrets(true);
    if (names.urn !== undefined) request.setUrn(names.urn);
    if (names.name !== undefined) request.setName(names.name);
    return this.ask<providerProto.ConfigureResponse>((done) => this.client.configure(request, done));
  }

  checkConfig(urn: string, news: Record<string, unknown>) {
    const request = new protocol.provider.CheckRequest().setUrn(urn).setOlds(struct({})).setNews(struct(news));
    return this.ask<providerProto.CheckResponse>((done) => this.client.checkConfig(request, done));
  }

  diffConfig(olds: Record<string, unknown>, news: Record<string, unknown>, oldInputs?: Record<string, unknown>) {
    const request = new protocol.provider.DiffRequest().setUrn(DEFAULT).setOlds(struct(olds)).setNews(struct(news));
    if (oldInputs !== undefined) request.setOldInputs(struct(oldInputs));
    return this.ask<providerProto.DiffResponse>((done) => this.client.diffConfig(request, done));
  }

  check(name: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const request = new protocol.provider.CheckRequest()
      .setUrn(urnOf(name))
      .setOlds(struct(olds))
      .setNews(struct(news));
    return this.ask<providerProto.CheckResponse>((done) => this.client.check(request, done));
  }

  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const request = new protocol.provider.DiffRequest()
      .setId(id)
      .setUrn(urnOf("binding"))
      .setOlds(struct(olds))
      .setNews(struct(news));
    return this.ask<providerProto.DiffResponse>((done) => this.client.diff(request, done));
  }

  create(name: string, inputs: Record<string, unknown>) {
    const request = new protocol.provider.CreateRequest().setUrn(urnOf(name)).setProperties(struct(inputs));
    return this.ask<providerProto.CreateResponse>((done) => this.client.create(request, done));
  }

  /** Read as refresh sends it (state and inputs), or as `pulumi import` does (neither: empty Structs). */
  read(id: string, props: Record<string, unknown> = {}, inputs: Record<string, unknown> = {}) {
    const request = new protocol.provider.ReadRequest()
      .setId(id)
      .setUrn(urnOf("binding"))
      .setProperties(struct(props))
      .setInputs(struct(inputs));
    return this.ask<providerProto.ReadResponse>((done) => this.client.read(request, done));
  }

  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const request = new protocol.provider.UpdateRequest()
      .setId(id)
      .setUrn(urnOf("binding"))
      .setOlds(struct(olds))
      .setNews(struct(news));
    return this.ask<providerProto.UpdateResponse>((done) => this.client.update(request, done));
  }

  delete(id: string, props: Record<string, unknown>) {
    const request = new protocol.provider.DeleteRequest()
      .setId(id)
      .setUrn(urnOf("binding"))
      .setProperties(struct(props));
    return this.ask((done) => this.client.delete(request, done));
  }

  cancel() {
    return this.ask((done) => this.client.cancel(new protocol.empty.Empty(), done));
  }

  attach() {
    return this.ask((done) => this.client.attach(new protocol.plugin.PluginAttach().setAddress("127.0.0.1:1"), done));
  }

  close(): void {
    this.client.close();
    this.running.server.forceShutdown();
  }
}

const plugins: Plugin[] = [];
/** A plugin server of its own, as the engine starts one per provider. */
async function startPlugin(version = "0.0.0"): Promise<Plugin> {
  const plugin = new Plugin(await listen(nativeProvider(version), protocol));
  plugins.push(plugin);
  return plugin;
}

/** The settings of an explicit provider for `emulator`, with the key secret or, as a user may set it, plain. */
function settingsFor(emulator: Emulator, keySecret = true): Record<string, unknown> {
  return {
    organizationEndpoint: emulator.url,
    stsEndpoint: emulator.url,
    secretId: emulator.secretId,
    secretKey: keySecret ? secret(emulator.secretKey) : emulator.secretKey,
  };
}

/** A plugin configured as the explicit provider `name` with `settings`. */
async function explicitPlugin(name: string, settings: Record<string, unknown>): Promise<Plugin> {
  const plugin = await startPlugin();
  await plugin.configure(settings, { urn: `${PROVIDERS}::${name}`, name });
  return plugin;
}

const alice = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138001" };

const saved = { ...process.env };
beforeEach(() => {
  // The settings come from Configure (and, for a default provider, PULUMI_CONFIG) alone.
  for (const name of Object.keys(process.env)) if (name.startsWith("TENCENTCLOUD_")) delete process.env[name];
  delete process.env.PULUMI_CONFIG;
});
afterEach(() => {
  for (const plugin of plugins.splice(0)) plugin.close();
  process.env = { ...saved };
});

describe("the plugin's own calls", () => {
  test("GetPluginInfo and GetSchema answer the plugin's version; a schema version other than 0 is refused", async () => {
    const plugin = await startPlugin("1.2.3");
    expect((await plugin.pluginInfo()).getVersion()).toBe("1.2.3");
    const schema = JSON.parse((await plugin.schema(0)).getSchema()) as { name: string; version: string };
    expect(schema).toMatchObject({ name: "tencentcloud-member-email", version: "1.2.3" });
    await expect(plugin.schema(1)).rejects.toMatchObject({
      code: protocol.grpc.status.UNKNOWN,
      details: "unsupported schema version 1",
    });
    await expect(plugin.cancel()).resolves.toBeDefined();
    await expect(plugin.attach()).resolves.toBeDefined();
  });

  test("Configure accepts secrets, and asks for no preview of Create, no resource references and no output values", async () => {
    const answer = await (await startPlugin()).configure({}, { urn: DEFAULT });
    expect(answer.getAcceptsecrets()).toBe(true);
    expect(answer.getSupportspreview()).toBe(false);
    expect(answer.getAcceptresources()).toBe(false);
    expect(answer.getAcceptoutputs()).toBe(false);
  });
});

describe("CheckConfig and DiffConfig", () => {
  test("a bad setting fails naming its key under the plugin's namespace, with no property whose value would print", async () => {
    const plugin = await startPlugin();
    const checked = await plugin.checkConfig(`${PROVIDERS}::orgB`, { organizationRateLimit: -5 });
    expect(checked.getFailuresList().map((failure) => [failure.getProperty(), failure.getReason()])).toEqual([
      ["", expect.stringMatching(/^tencentcloud-member-email:organizationRateLimit must be a positive number/)],
    ]);
  });

  test("the credentials come back secret even when set plain, and good settings pass", async () => {
    const plugin = await startPlugin();
    const news = { secretId: "AKIDexample", secretKey: "example-key", organizationEndpoint: "http://127.0.0.1:9" };
    const checked = await plugin.checkConfig(`${PROVIDERS}::orgA`, news);
    expect(checked.getFailuresList()).toEqual([]);
    expect(bagOf(checked.getInputs())).toEqual({
      secretId: secret("AKIDexample"),
      secretKey: secret("example-key"),
      organizationEndpoint: "http://127.0.0.1:9",
    });
  });

  test("a changed setting is an update of the provider, named, never a replacement; the same value is no change", async () => {
    const plugin = await startPlugin();
    const changed = await plugin.diffConfig({ organizationRateLimit: "5" }, { organizationRateLimit: "6" });
    expect(changed.getChanges()).toBe(DiffChanges.DIFF_SOME);
    expect(changed.getDiffsList()).toEqual(["organizationRateLimit"]);
    expect(changed.getReplacesList()).toEqual([]);
    const same = await plugin.diffConfig({ organizationRateLimit: "5" }, { organizationRateLimit: 5 });
    expect(same.getChanges()).toBe(DiffChanges.DIFF_NONE);
    expect(same.getDiffsList()).toEqual([]);
  });

  test("the inputs the provider was last given are compared when the engine sends them, rather than its outputs", async () => {
    const plugin = await startPlugin();
    const diff = await plugin.diffConfig(
      { organizationRateLimit: "5" },
      { organizationRateLimit: "6" },
      {
        organizationRateLimit: "6",
      },
    );
    expect(diff.getChanges()).toBe(DiffChanges.DIFF_NONE);
  });
});

describe("a binding's life through an explicit provider", () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.stop();
  });

  test.each([
    ["in a secret envelope", true],
    ["plain", false],
  ])(
    "with the key %s, Create binds in the provider's organization and answers email and phone secret",
    async (_how, keySecret) => {
      const plugin = await explicitPlugin("orgA", settingsFor(emulator, keySecret));
      const checked = await plugin.check("alice", {}, { ...alice, email: secret(alice.email) });
      expect(checked.getFailuresList()).toEqual([]);
      const inputs = bagOf(checked.getInputs()) ?? {};
      expect(inputs).toEqual({ ...alice, email: secret(alice.email), phone: secret(alice.phone) });

      const made = await plugin.create("alice", inputs);
      expect(made.getId()).toBe(String(alice.memberUin));
      const outs = bagOf(made.getProperties());
      expect(outs).toMatchObject({
        memberUin: alice.memberUin,
        email: secret(alice.email),
        countryCode: "86",
        phone: secret(alice.phone),
        bindStatus: "Valid",
        bindId: expect.any(Number),
      });
      expect(emulator.bindings()).toEqual([
        expect.objectContaining({ memberUin: alice.memberUin, email: alice.email }),
      ]);
      expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
      expect(JSON.stringify(outs)).not.toContain(emulator.secretKey);
    },
  );

  test("every input given as a secret stays secret through Check, Create, Read and Update; the id is the uin, plain", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const inputs = {
      memberUin: secret(alice.memberUin),
      email: secret(alice.email),
      countryCode: secret("86"),
      phone: secret(alice.phone),
      activationReminder: secret("2026-W05"),
    };
    const secretOnes = expect.objectContaining(Object.fromEntries(Object.entries(inputs)));
    expect(bagOf((await plugin.check("alice", {}, inputs)).getInputs())).toEqual(inputs);
    const made = await plugin.create("alice", inputs);
    expect(made.getId()).toBe(String(alice.memberUin));
    const outs = bagOf(made.getProperties()) ?? {};
    expect(outs).toEqual(secretOnes);
    const read = await plugin.read(made.getId(), outs, inputs);
    expect(bagOf(read.getProperties())).toEqual(secretOnes);
    expect(bagOf(read.getInputs())).toEqual(inputs);
    const news = { ...inputs, activationReminder: secret("2026-W06") };
    const updated = bagOf((await plugin.update(made.getId(), outs, news)).getProperties());
    expect(updated).toEqual(expect.objectContaining(Object.fromEntries(Object.entries(news))));
  });

  test("a preview of the same inputs is no change and asks Tencent Cloud nothing; a new phone is an update in place", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const outs = bagOf((await plugin.create("alice", alice)).getProperties()) ?? {};
    const before = emulator.requestCount();
    const same = await plugin.diff(String(alice.memberUin), outs, { ...alice, phone: secret(alice.phone) });
    expect(same.getChanges()).toBe(DiffChanges.DIFF_NONE);
    const phone = await plugin.diff(String(alice.memberUin), outs, { ...alice, phone: "13800138999" });
    expect(phone.getChanges()).toBe(DiffChanges.DIFF_SOME);
    expect(phone.getReplacesList()).toEqual([]);
    expect(phone.getDeletebeforereplace()).toBe(false);
    expect(emulator.requestCount()).toBe(before);
  });

  test("another member is a replacement of the binding, never deleted first", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const outs = bagOf((await plugin.create("alice", alice)).getProperties()) ?? {};
    const diff = await plugin.diff(String(alice.memberUin), outs, { ...alice, memberUin: 100000000002 });
    expect(diff.getChanges()).toBe(DiffChanges.DIFF_SOME);
    expect(diff.getReplacesList()).toEqual(["memberUin"]);
    expect(diff.getDeletebeforereplace()).toBe(false);
  });

  test("Diff names each changed input in its detailed diff, so the engine marks a secret phone but not the unchanged email", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const outs = bagOf((await plugin.create("alice", alice)).getProperties()) ?? {};
    const phone = await plugin.diff(String(alice.memberUin), outs, { ...alice, phone: secret("13800138999") });
    expect(detailedDiff(phone)).toEqual({ has: true, kinds: { phone: Kind.UPDATE } });
    const country = await plugin.diff(String(alice.memberUin), outs, {
      ...alice,
      countryCode: "852",
      phone: alice.phone,
    });
    expect(detailedDiff(country)).toEqual({ has: true, kinds: { countryCode: Kind.UPDATE } });
    const member = await plugin.diff(String(alice.memberUin), outs, { ...alice, memberUin: 100000000002 });
    expect(detailedDiff(member)).toEqual({ has: true, kinds: { memberUin: Kind.UPDATE_REPLACE } });
    const same = await plugin.diff(String(alice.memberUin), outs, { ...alice, email: secret(alice.email) });
    expect(detailedDiff(same)).toEqual({ has: true, kinds: {} });
  });

  test("an email change fails the preview with the TypeScript resource's message, naming neither email", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const outs = bagOf((await plugin.create("alice", alice)).getProperties()) ?? {};
    const refused = plugin.diff(String(alice.memberUin), outs, { ...alice, email: secret("alice.new@example.com") });
    await expect(refused).rejects.toMatchObject({
      code: protocol.grpc.status.UNKNOWN,
      details: new EmailChangeRefusedError(alice.memberUin).message,
    });
  });

  test("Update of the phone calls UpdateOrganizationMemberEmailBind once and answers what arrived secret still secret", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const outs = bagOf((await plugin.create("alice", alice)).getProperties()) ?? {};
    const news = { ...alice, phone: "13800138999", activationReminder: secret("2026-W06") };
    const updated = bagOf((await plugin.update(String(alice.memberUin), outs, news)).getProperties());
    expect(updated).toMatchObject({ phone: secret("13800138999"), activationReminder: secret("2026-W06") });
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(1);
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(1);
  });

  test("refresh reads an activated binding's status and answers the inputs, then a preview of them is no change", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const inputs = { ...alice, email: secret(alice.email), phone: secret(alice.phone) };
    const outs = bagOf((await plugin.create("alice", inputs)).getProperties()) ?? {};
    await emulator.activate(alice.memberUin);
    const read = await plugin.read(String(alice.memberUin), outs, inputs);
    expect(read.getId()).toBe(String(alice.memberUin));
    const props = bagOf(read.getProperties()) ?? {};
    expect(props).toMatchObject({ bindStatus: "Success", email: secret(alice.email), phone: secret(alice.phone) });
    expect(bagOf(read.getInputs())).toEqual(inputs);
    const diff = await plugin.diff(String(alice.memberUin), props, inputs);
    expect(diff.getChanges()).toBe(DiffChanges.DIFF_NONE);
  });

  test("refresh of a binding gone from the organization answers an empty id, so that the engine drops it", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const outs = bagOf((await plugin.create("alice", alice)).getProperties()) ?? {};
    emulator.unbind(alice.memberUin);
    const before = emulator.requestCount("DescribeOrganizationMemberEmailBind");
    const read = await plugin.read(String(alice.memberUin), outs, alice);
    expect(read.getId()).toBe("");
    expect(bagOf(read.getProperties())).toEqual({});
    expect(read.getInputs()).toBeUndefined();
    expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBeGreaterThan(before);
  });

  test("Delete forgets the binding with a warning that it stays at Tencent Cloud, where it stays", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const outs = bagOf((await plugin.create("alice", alice)).getProperties()) ?? {};
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await plugin.delete(String(alice.memberUin), outs);
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining(
          `OrganizationMemberEmail for member ${alice.memberUin} was removed from the stack only: Tencent Cloud`,
        ),
      );
    } finally {
      warn.mockRestore();
    }
    expect(emulator.bindings()).toEqual([expect.objectContaining({ memberUin: alice.memberUin, email: alice.email })]);
  });
});

describe("pulumi import", () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.stop();
  });

  test("Read with nothing in state answers the binding's inputs (no masked phone among them) and its bindId, with no Add", async () => {
    const made = await (await explicitPlugin("orgA", settingsFor(emulator))).create("erin", alice);
    const bindId = bagOf(made.getProperties())?.bindId;
    const adds = emulator.requestCount("AddOrganizationMemberEmail");

    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const read = await plugin.read(String(alice.memberUin));
    expect(read.getId()).toBe(String(alice.memberUin));
    expect(bagOf(read.getProperties())).toMatchObject({
      memberUin: alice.memberUin,
      bindId,
      email: secret(alice.email),
      phone: secret(expect.stringContaining("***")),
    });
    expect(bagOf(read.getInputs())).toEqual({
      memberUin: alice.memberUin,
      email: secret(alice.email),
      countryCode: "86",
    });
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(adds);
  });

  test("the inputs an import answers pass Check, and a program declaring them with the phone previews no change", async () => {
    await (await explicitPlugin("orgA", settingsFor(emulator))).create("erin", alice);
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const read = await plugin.read(String(alice.memberUin));
    const imported = bagOf(read.getInputs()) ?? {};
    const checked = await plugin.check("erin", imported, imported);
    expect(checked.getFailuresList()).toEqual([]);
    const declared = { ...alice, email: secret(alice.email), phone: secret(alice.phone) };
    const diff = await plugin.diff(String(alice.memberUin), bagOf(read.getProperties()) ?? {}, declared);
    expect(diff.getChanges()).toBe(DiffChanges.DIFF_NONE);
  });

  test("import of a member without a binding fails naming the member and what to do", async () => {
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    await expect(plugin.read("100000000002")).rejects.toMatchObject({
      code: protocol.grpc.status.UNKNOWN,
      details: new NothingToImportError(100000000002).message,
    });
  });

  test("an imported failed binding fails the preview of its own email, naming its BindId", async () => {
    const made = await (await explicitPlugin("orgA", settingsFor(emulator))).create("erin", alice);
    const bindId = Number(bagOf(made.getProperties())?.bindId);
    emulator.fail(alice.memberUin);
    const plugin = await explicitPlugin("orgA", settingsFor(emulator));
    const read = await plugin.read(String(alice.memberUin));
    const props = bagOf(read.getProperties()) ?? {};
    expect(props).toMatchObject({ bindStatus: "Failed", description: expect.any(String) });
    const refused = plugin.diff(String(alice.memberUin), props, {
      ...(bagOf(read.getInputs()) ?? {}),
      phone: alice.phone,
    });
    const message = new FailedEmailError({ memberUin: alice.memberUin, bindId, reason: String(props.description) })
      .message;
    expect(message).toContain(`Member ${alice.memberUin}'s binding (BindId ${bindId}) has failed`);
    await expect(refused).rejects.toMatchObject({ code: protocol.grpc.status.UNKNOWN, details: message });
  });
});

describe("explicit providers, one per organization, and the default provider", () => {
  let organizations: TwoOrganizations;
  beforeEach(async () => {
    organizations = await startTwoOrganizations();
  });
  afterEach(async () => {
    await organizations.stop();
  });

  const binding = (memberUin: number, email: string) => ({
    memberUin,
    email: secret(email),
    countryCode: "86",
    phone: secret(phoneOf(memberUin)),
  });

  test("each provider binds in its own organization only, after checking its account guard", async () => {
    const { a, b } = organizations;
    const orgA = await explicitPlugin("orgA", { ...settingsFor(a.emulator), allowedAccountIds: [a.accountId] });
    await orgA.create("alice", binding(100000000001, "alice@a.example.com"));
    const orgB = await explicitPlugin("orgB", { ...settingsFor(b.emulator), forbiddenAccountIds: [a.accountId] });
    await orgB.create("bob", binding(200000000001, "bob@b.example.org"));
    expect(a.emulator.bindings().map((found) => found.memberUin)).toEqual([100000000001]);
    expect(b.emulator.bindings().map((found) => found.memberUin)).toEqual([200000000001]);
    expect(a.emulator.requestCount("GetCallerIdentity")).toBeGreaterThan(0);
    expect(b.emulator.requestCount("GetCallerIdentity")).toBeGreaterThan(0);
  });

  test("a provider whose account guard forbids its credentials' account refuses its binding before any Add", async () => {
    const { b } = organizations;
    const orgB = await explicitPlugin("orgB", { ...settingsFor(b.emulator), forbiddenAccountIds: [b.accountId] });
    await expect(orgB.create("dave", binding(200000000002, "dave@b.example.org"))).rejects.toMatchObject({
      details: expect.stringContaining(
        `The credentials belong to Tencent Cloud account ${b.accountId}, which tencentcloud-member-email:forbiddenAccountIds forbids.`,
      ),
    });
    expect(b.emulator.requestCount("AddOrganizationMemberEmail")).toBe(0);
  });

  test("an email outside one provider's domains fails the check of its binding, though the other provider allows it", async () => {
    const { a, b } = organizations;
    const carol = binding(100000000002, "carol@b.example.org");
    const orgA = await explicitPlugin("orgA", { ...settingsFor(a.emulator), allowedEmailDomains: [a.domain] });
    const refused = await orgA.check("carol", {}, carol);
    expect(refused.getFailuresList().map((failure) => [failure.getProperty(), failure.getReason()])).toEqual([
      [
        "email",
        expect.stringContaining(
          "email must be an address at one of the allowed domains, a.example.com (tencentcloud-member-email:allowedEmailDomains",
        ),
      ],
    ]);
    const orgB = await explicitPlugin("orgB", { ...settingsFor(b.emulator), allowedEmailDomains: [b.domain] });
    expect((await orgB.check("carol", {}, carol)).getFailuresList()).toEqual([]);
  });

  test("the default provider reads the stack config of the plugin's namespace, where an explicit one reads only its inputs", async () => {
    const { a } = organizations;
    process.env.PULUMI_CONFIG = JSON.stringify({
      "tencentcloud-member-email:organizationEndpoint": a.emulator.url,
      "tencentcloud-member-email:secretId": a.emulator.secretId,
      "tencentcloud-member-email:secretKey": a.emulator.secretKey,
    });
    const defaults = await startPlugin();
    // An engine that names the provider without its URN is still understood.
    await defaults.configure({}, { name: "default_0_1_0" });
    await defaults.create("erin", binding(100000000003, "erin@a.example.com"));
    expect(a.emulator.bindings().map((found) => found.memberUin)).toEqual([100000000003]);

    const explicit = await explicitPlugin("orgC", {});
    await expect(explicit.create("frank", binding(100000000002, "frank@a.example.com"))).rejects.toMatchObject({
      details: expect.stringMatching(
        /credentials are missing: set them with `pulumi config set tencentcloud-member-email:secretId/,
      ),
    });
    expect(a.emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
  });
});
