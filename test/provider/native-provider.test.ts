/**
 * The native plugin's provider against the emulator, as the engine calls it after Configure: what arrives
 * secret leaves secret through create, read and update, and the provider works with the settings Configure
 * gave it (no environment).
 */
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { nativeProvider } from "../../provider/plugin/native-provider";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET, value });

const URN = "urn:pulumi:dev::bindings::tencentcloud-member-email:index:OrganizationMemberEmail::alice";
const PROVIDER = "urn:pulumi:dev::bindings::pulumi:providers:tencentcloud-member-email::orgB";
const alice = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138001" };

let emulator: Emulator;
const saved = { ...process.env };
beforeEach(async () => {
  emulator = await startEmulator();
  // The provider's settings come from Configure alone.
  for (const name of Object.keys(process.env)) if (name.startsWith("TENCENTCLOUD_")) delete process.env[name];
});
afterEach(async () => {
  await emulator.stop();
  process.env = { ...saved };
});

/** A native provider configured, as an explicit provider, for the emulator. */
function configured() {
  const provider = nativeProvider("0.0.0");
  provider.configure(PROVIDER, {
    organizationEndpoint: emulator.url,
    secretId: emulator.secretId,
    secretKey: secret(emulator.secretKey),
  });
  return provider;
}

test("a secret countryCode and activationReminder stay secret in the outputs of create, read and update", async () => {
  const provider = configured();
  const inputs = { ...alice, countryCode: secret("86"), activationReminder: secret("2026-W05") };
  const made = await provider.create(URN, inputs);
  expect(emulator.bindings()).toEqual([expect.objectContaining({ memberUin: alice.memberUin, email: alice.email })]);
  expect(made.outs).toMatchObject({
    memberUin: alice.memberUin,
    email: secret(alice.email),
    countryCode: secret("86"),
    phone: secret(alice.phone),
    activationReminder: secret("2026-W05"),
    bindStatus: "Valid",
  });
  expect(typeof made.outs.bindId).toBe("number");

  const read = await provider.read(made.id, URN, made.outs, inputs);
  expect(read.props).toMatchObject({
    countryCode: secret("86"),
    email: secret(alice.email),
    memberUin: alice.memberUin,
  });
  expect(read.inputs).toMatchObject({ countryCode: secret("86"), email: secret(alice.email) });

  const news = { ...inputs, activationReminder: secret("2026-W06") };
  const updated = await provider.update(made.id, URN, made.outs, news);
  expect(updated.outs).toMatchObject({ countryCode: secret("86"), activationReminder: secret("2026-W06") });
  expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(1);
});

test("plain inputs stay plain, apart from email and phone, which are always secret", async () => {
  const made = await configured().create(URN, alice);
  expect(made.outs).toMatchObject({
    memberUin: alice.memberUin,
    email: secret(alice.email),
    countryCode: "86",
    phone: secret(alice.phone),
  });
});

test("an import (a read with nothing in state) answers email and phone secret", async () => {
  const provider = configured();
  await provider.create(URN, alice);
  const read = await provider.read(String(alice.memberUin), URN, {}, {});
  expect(read.props).toMatchObject({
    email: secret(alice.email),
    countryCode: "86",
    phone: secret(expect.any(String)),
  });
  expect(read.inputs).toMatchObject({ email: secret(alice.email), countryCode: "86" });
});

test("a refresh of a binding gone from the organization answers an empty id and no outputs, so that the engine drops it", async () => {
  const provider = configured();
  const made = await provider.create(URN, alice);
  emulator.unbind(alice.memberUin);
  const read = await provider.read(made.id, URN, made.outs, alice);
  expect(read).toEqual({ id: "", props: {} });
});

test("a refresh answers the id it read and the inputs that make the binding as it is, for the engine to keep", async () => {
  const provider = configured();
  const made = await provider.create(URN, alice);
  const read = await provider.read(made.id, URN, made.outs, alice);
  expect(read.id).toBe(String(alice.memberUin));
  expect(read.inputs).toEqual({ ...alice, email: secret(alice.email), phone: secret(alice.phone) });
});
