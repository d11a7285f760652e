/**
 * What the provider does at each step of a binding's life. Loaded at call time by the serialized
 * provider (see provider.ts), so nothing here is captured into the stack's state.
 *
 * @internal Published as `pulumi-tencentcloud-member-email/internal/lifecycle` for the serialized
 * provider only; programs use `memberEmailProvider` instead.
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { OrganizationApi, type RemoteBinding } from "./client";
import { EmailChangeRefusedError, MemberEmailApiError, MemberHasOtherEmailError } from "./errors";
import { maskEmail, phoneMatches } from "./mask";
import { resolveSettings, type ConfigSource } from "./settings";
import { isUnknown, memberUinFromId, sameEmail, validateInputs, type BindingInputs } from "./validate";

/** What a binding keeps in the stack's state: its inputs and what the API said about it. */
export interface MemberEmailState extends BindingInputs {
  /** The binding's id in Tencent Cloud. */
  readonly bindId: number;
  /** `Valid` (waiting for the member to activate it), `Success` or `Failed`. */
  readonly bindStatus: string;
  /** When the binding was requested. */
  readonly applyTime: string;
  /** When the member activated it, or empty. */
  readonly bindTime: string;
  /** Why the binding failed, or empty. */
  readonly description: string;
  /** 1 when the security phone is bound, else 0. */
  readonly phoneBind: number;
}

const storedState = z.object({
  memberUin: z.number(),
  email: z.string(),
  countryCode: z.string(),
  phone: z.string(),
  allowEmailUpdate: z.boolean().optional(),
  bindId: z.number(),
});

/** The provider config handed over by the engine; absent when the provider is called directly. */
let providerConfig: ConfigSource | undefined;
let cachedApi: { readonly key: string; readonly api: OrganizationApi } | undefined;

/** The API client for the current settings, read when a call runs so no credential is captured. */
function api(): OrganizationApi {
  const settings = resolveSettings(providerConfig);
  const key = JSON.stringify(settings);
  if (cachedApi?.key !== key) {
    cachedApi = { key, api: new OrganizationApi(settings, { retrying: (message) => void pulumi.log.info(message) }) };
  }
  return cachedApi.api;
}

/** Keeps the engine's provider config for the calls that follow. */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  providerConfig = { get: (key) => request.config.get(key) };
}

/** Validates every input before any API call; inputs that are not even an object fail, never throw. */
export async function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const { failures } = validateInputs(news);
  return { inputs: typeof news === "object" && news !== null ? news : {}, failures };
}

/**
 * No change: no changes. `phone` or `countryCode`: update in place. `memberUin`: replacement. `email`:
 * refused unless `allowEmailUpdate` is true, then update in place.
 */
export async function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  const old = parseState(olds);
  const differs = (property: keyof BindingInputs): boolean => isUnknown(news[property]) || news[property] !== old[property];
  // State may hold a masked phone (a binding read back from the API); the declared phone matches it
  // when it masks to the same value.
  const phoneDiffers = typeof news.phone !== "string" || isUnknown(news.phone) || !phoneMatches(news.phone, old.phone);
  const replaces = differs("memberUin") ? ["memberUin"] : [];
  // Letter case alone is no change: the API compares addresses without it.
  const emailDiffers = typeof news.email !== "string" || isUnknown(news.email) || !sameEmail(news.email, old.email);
  if (emailDiffers && replaces.length === 0 && !isUnknown(news.email) && !emailUpdateAllowed(news)) {
    throw new EmailChangeRefusedError(old.memberUin);
  }
  return {
    changes: replaces.length > 0 || emailDiffers || phoneDiffers || differs("countryCode"),
    replaces,
    deleteBeforeReplace: false,
  };
}

/** AddOrganizationMemberEmail, then the binding's status; adopts a binding a lost answer left behind. */
export async function create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  const desired = requireValid(inputs);
  const client = api();
  let bindId: number | undefined;
  try {
    bindId = await client.addMemberEmail(desired);
  } catch (error) {
    if (error instanceof MemberEmailApiError && error.code === "FailedOperation.MemberEmailExist") {
      return { id: String(desired.memberUin), outs: await adopt(client, desired, error) };
    }
    throw error;
  }
  const remote = await client.describeMemberEmailBind(desired.memberUin);
  return { id: String(desired.memberUin), outs: toState(desired, remote, bindId) };
}

/**
 * The member already has a mailbox: after a lost answer to our own Add, or because it was bound outside
 * Pulumi. The same email is adopted; another email is an error that says how to take it over.
 */
async function adopt(
  client: OrganizationApi,
  desired: BindingInputs,
  exists: MemberEmailApiError,
): Promise<MemberEmailState> {
  let remote = await client.describeMemberEmailBind(desired.memberUin);
  if (!remote) throw exists;
  if (!sameEmail(remote.email, desired.email)) {
    throw new MemberHasOtherEmailError({
      memberUin: desired.memberUin,
      bindId: remote.bindId,
      maskedEmail: maskEmail(remote.email),
      requestId: exists.requestId,
    });
  }
  void pulumi.log.info(
    `Member ${desired.memberUin} already had this email bound (BindId ${remote.bindId}); ` +
      "the existing binding was adopted into the stack instead of creating a second one.",
  );
  if (!phoneMatches(desired.phone, remote.maskedPhone) || remote.countryCode !== desired.countryCode) {
    await client.updateMemberEmailBind(remote.bindId, desired);
    remote = (await client.describeMemberEmailBind(desired.memberUin)) ?? remote;
  }
  return toState(desired, remote, remote.bindId);
}

/**
 * DescribeOrganizationMemberEmailBind. A phone whose mask matches the stored one is no drift; a binding
 * that is gone (or a member who left the organization) removes the resource from the stack.
 */
export async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
  const memberUin = memberUinFromId(id);
  const remote = await api().describeMemberEmailBind(memberUin);
  if (!remote) return {};
  const stored = storedState.partial().safeParse(props);
  const known = stored.success ? stored.data : {};
  const phone = known.phone !== undefined && phoneMatches(known.phone, remote.maskedPhone) ? known.phone : remote.maskedPhone;
  // The declared spelling stays when the API's differs only in letter case, so a refresh never turns an
  // unchanged program into an email change.
  const email = known.email !== undefined && sameEmail(known.email, remote.email) ? known.email : remote.email;
  const inputs: BindingInputs = {
    memberUin,
    email,
    countryCode: remote.countryCode,
    phone,
    ...(known.allowEmailUpdate === undefined ? {} : { allowEmailUpdate: known.allowEmailUpdate }),
  };
  return { id, props: toState(inputs, remote, remote.bindId), inputs };
}

/** UpdateOrganizationMemberEmailBind with the stored BindId, then the binding's status. */
export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
  const old = parseState(olds);
  const desired = requireValid(news);
  if (!sameEmail(desired.email, old.email) && !desired.allowEmailUpdate) {
    throw new EmailChangeRefusedError(old.memberUin);
  }
  const client = api();
  await client.updateMemberEmailBind(old.bindId, desired);
  const remote = await client.describeMemberEmailBind(desired.memberUin);
  return { outs: toState(desired, remote, old.bindId) };
}

/** Tencent Cloud has no unbind call: the binding leaves the stack only, and a warning says so. */
async function deleteBinding(id: string, props: Record<string, unknown>): Promise<void> {
  const bindId = typeof props.bindId === "number" ? ` (BindId ${props.bindId})` : "";
  await pulumi.log.warn(
    `OrganizationMemberEmail for member ${id} was removed from the stack only: Tencent Cloud has no API to unbind ` +
      `a member's email, so the binding${bindId} stays in the organization.`,
  );
}

function emailUpdateAllowed(news: Record<string, unknown>): boolean {
  return news.allowEmailUpdate === true || isUnknown(news.allowEmailUpdate);
}

function requireValid(inputs: Record<string, unknown>): BindingInputs {
  const { inputs: valid, failures } = validateInputs(inputs);
  if (!valid) {
    const reasons = failures.map((failure) => failure.reason).join("; ");
    throw new Error(`Invalid OrganizationMemberEmail inputs: ${reasons || "some inputs are not known yet"}.`);
  }
  return valid;
}

function parseState(olds: Record<string, unknown>): z.infer<typeof storedState> {
  const parsed = storedState.safeParse(olds);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new Error(
      `The stack's state of this OrganizationMemberEmail is incomplete (${fields}); run \`pulumi refresh\` to read it again.`,
    );
  }
  return parsed.data;
}

function toState(inputs: BindingInputs, remote: RemoteBinding | undefined, bindId: number | undefined): MemberEmailState {
  const resolvedBindId = bindId ?? remote?.bindId;
  if (resolvedBindId === undefined) {
    throw new Error(
      `AddOrganizationMemberEmail for member ${inputs.memberUin} answered without a BindId and the binding could not be read back; run \`pulumi refresh\`.`,
    );
  }
  return {
    ...inputs,
    bindId: resolvedBindId,
    bindStatus: remote?.bindStatus ?? "Valid",
    applyTime: remote?.applyTime ?? "",
    bindTime: remote?.bindTime ?? "",
    description: remote?.description ?? "",
    phoneBind: remote?.phoneBind ?? 0,
  };
}

// `delete` is a reserved word, so it can name an export but not a function declaration.
export { deleteBinding as delete };
