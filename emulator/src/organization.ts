import { ApiError } from "./errors";
import type { BindingStore } from "./store";
import type { EmulatorBinding } from "./types";
import type {
  AddOrganizationMemberEmailRequest,
  AddOrganizationMemberEmailResponse,
  DescribeOrganizationMemberEmailBindRequest,
  DescribeOrganizationMemberEmailBindResponse,
  DescribeOrganizationMembersRequest,
  DescribeOrganizationMembersResponse,
  SendOrgMemberAccountBindEmailRequest,
  SendOrgMemberAccountBindEmailResponse,
  UpdateOrganizationMemberEmailBindRequest,
  UpdateOrganizationMemberEmailBindResponse,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_models";

/** What the business rules need: the organization, its limits, the store and a clock. */
export interface OrganizationContext {
  /** The bindings. */
  readonly store: BindingStore;
  /** Uins of the organization's members. */
  readonly members: ReadonlySet<number>;
  /** Bindings AddOrganizationMemberEmail may create per UTC day. */
  readonly dailyBindQuota: number;
  /** Members that may share one security phone (country code + number). */
  readonly maxMembersPerPhone: number;
  /** The current time. */
  readonly now: () => Date;
}

/** Carries out one action on already validated parameters; throws an ApiError to refuse. */
export type ActionHandler<A extends ActionName> = (
  request: ActionRequests[A],
  context: OrganizationContext,
) => ActionOutputs[A];

/** The business rules of each action the emulator implements. */
export const ACTION_HANDLERS: { readonly [A in ActionName]: ActionHandler<A> } = {
  AddOrganizationMemberEmail: addOrganizationMemberEmail,
  DescribeOrganizationMemberEmailBind: describeOrganizationMemberEmailBind,
  UpdateOrganizationMemberEmailBind: updateOrganizationMemberEmailBind,
  SendOrgMemberAccountBindEmail: sendOrgMemberAccountBindEmail,
  DescribeOrganizationMembers: describeOrganizationMembers,
};

/**
 * Binds an email and a security phone to a member: the binding starts `Valid` (waiting for the member
 * to activate it from the email) under a new BindId.
 */
export function addOrganizationMemberEmail(
  request: ActionRequests["AddOrganizationMemberEmail"],
  context: OrganizationContext,
): ActionOutputs["AddOrganizationMemberEmail"] {
  requireMember(context, request.MemberUin);
  const { store } = context;
  return store.transaction(() => {
    if (store.findByMember(request.MemberUin) !== undefined) {
      throw new ApiError(
        "FailedOperation.MemberEmailExist",
        `Member ${request.MemberUin} already has a mailbox: change it with UpdateOrganizationMemberEmailBind.`,
      );
    }
    requireEmailFree(context, request.Email, request.MemberUin);
    requirePhoneRoom(context, request.CountryCode, request.Phone, request.MemberUin);
    const now = context.now();
    const today = utcDay(now);
    if (store.bindsOn(today) >= context.dailyBindQuota) {
      throw new ApiError(
        "LimitExceeded.EmailBindOverLimit",
        `The organization already created ${context.dailyBindQuota} email bindings today (UTC), its daily limit: try again tomorrow.`,
      );
    }
    const binding = store.insert({
      memberUin: request.MemberUin,
      email: request.Email,
      countryCode: request.CountryCode,
      phone: request.Phone,
      status: "Valid",
      applyTime: formatApiTime(now),
      bindTime: "",
      description: "",
    });
    store.recordBind(today);
    return { BindId: binding.bindId };
  });
}

/**
 * Reads a member's binding with the phone masked. A member without one is answered `BindStatus:
 * "Unbound"`, `BindId: null`, `PhoneBind: 0` and empty strings, which the API documents as a status.
 */
export function describeOrganizationMemberEmailBind(
  request: ActionRequests["DescribeOrganizationMemberEmailBind"],
  context: OrganizationContext,
): ActionOutputs["DescribeOrganizationMemberEmailBind"] {
  requireMember(context, request.MemberUin);
  const binding = context.store.findByMember(request.MemberUin);
  if (binding === undefined) {
    return {
      BindId: null,
      ApplyTime: "",
      Email: "",
      Phone: "",
      BindStatus: "Unbound",
      BindTime: "",
      Description: "",
      PhoneBind: 0,
      CountryCode: "",
    };
  }
  return {
    BindId: binding.bindId,
    ApplyTime: binding.applyTime,
    Email: binding.email,
    Phone: maskPhone(binding.phone),
    BindStatus: binding.status,
    BindTime: binding.bindTime,
    Description: binding.description,
    // The security phone is bound together with the mailbox, so it is bound as long as a binding exists.
    PhoneBind: 1,
    CountryCode: binding.countryCode,
  };
}

/**
 * Changes a bound member's email, country code and phone under the same rules as Add. A changed email
 * (compared case-insensitively) needs activating again: the binding goes back to `Valid` with a new
 * ApplyTime and no BindTime. A phone change alone keeps the status.
 */
export function updateOrganizationMemberEmailBind(
  request: ActionRequests["UpdateOrganizationMemberEmailBind"],
  context: OrganizationContext,
): ActionOutputs["UpdateOrganizationMemberEmailBind"] {
  requireMember(context, request.MemberUin);
  const { store } = context;
  return store.transaction(() => {
    const binding = requireBinding(context, request.MemberUin, request.BindId);
    requireEmailFree(context, request.Email, request.MemberUin);
    if (request.CountryCode !== binding.countryCode || request.Phone !== binding.phone) {
      requirePhoneRoom(context, request.CountryCode, request.Phone, request.MemberUin);
    }
    const emailChanged = request.Email.toLowerCase() !== binding.email.toLowerCase();
    const updated: EmulatorBinding = {
      ...binding,
      email: request.Email,
      countryCode: request.CountryCode,
      phone: request.Phone,
      ...(emailChanged
        ? { status: "Valid", applyTime: formatApiTime(context.now()), bindTime: "", description: "" }
        : {}),
    };
    store.replace(updated);
    return {};
  });
}

/**
 * Sends the activation email again. Only a binding still waiting for activation (`Valid`) has one to
 * resend; the emulator sends nothing, it only checks.
 */
export function sendOrgMemberAccountBindEmail(
  request: ActionRequests["SendOrgMemberAccountBindEmail"],
  context: OrganizationContext,
): ActionOutputs["SendOrgMemberAccountBindEmail"] {
  requireMember(context, request.MemberUin);
  const binding = requireBinding(context, request.MemberUin, request.BindId);
  if (binding.status !== "Valid") {
    throw new ApiError(
      "FailedOperation.EmailBindRecordInvalid",
      `Binding ${binding.bindId} of member ${request.MemberUin} is ${binding.status}, not waiting for activation: there is no activation email to send.`,
    );
  }
  return {};
}

/** The most members DescribeOrganizationMembers answers in one page. */
export const MAX_MEMBERS_PAGE_SIZE = 50;

/** The page size of DescribeOrganizationMembers when the request has no Limit. */
export const DEFAULT_MEMBERS_PAGE_SIZE = 10;

/**
 * Lists the organization's members in order of uin, a page at a time: `Offset` must be a multiple of
 * `Limit` (1 to 50, default 10), as the API documents. Each member has a name (`member-<uin>` in the
 * emulator) and the `BindStatus` of its email binding, `Unbound` when it has none. `SearchKey` keeps
 * the members whose name or uin contains it; `Total` counts the members that match.
 */
export function describeOrganizationMembers(
  request: ActionRequests["DescribeOrganizationMembers"],
  context: OrganizationContext,
): ActionOutputs["DescribeOrganizationMembers"] {
  const limit = request.Limit ?? DEFAULT_MEMBERS_PAGE_SIZE;
  if (request.Offset % limit !== 0) {
    throw new ApiError(
      "InvalidParameterValue",
      `Offset must be a multiple of Limit (${limit}), such as 0, ${limit} or ${2 * limit}; got ${request.Offset}.`,
    );
  }
  const search = request.SearchKey ?? "";
  const matching = [...context.members]
    .sort((a, b) => a - b)
    .filter((uin) => search === "" || memberName(uin).includes(search) || String(uin).includes(search));
  const items = matching.slice(request.Offset, request.Offset + limit).map((memberUin) => ({
    MemberUin: memberUin,
    Name: memberName(memberUin),
    BindStatus: context.store.findByMember(memberUin)?.status ?? "Unbound",
  }));
  return { Items: items, Total: matching.length };
}

/** The emulator's name for a member: its organization has no other source of names. */
export function memberName(memberUin: number): string {
  return `member-${memberUin}`;
}

function requireMember(context: OrganizationContext, memberUin: number): void {
  if (!context.members.has(memberUin)) {
    throw new ApiError(
      "ResourceNotFound.OrganizationMemberNotExist",
      `${memberUin} is not a member of the organization.`,
    );
  }
}

function requireBinding(context: OrganizationContext, memberUin: number, bindId: number): EmulatorBinding {
  const binding = context.store.findByMember(memberUin);
  if (binding === undefined || binding.bindId !== bindId) {
    throw new ApiError(
      "ResourceNotFound.EmailBindRecordNotExist",
      `Member ${memberUin} has no email binding ${bindId}: read the current BindId with DescribeOrganizationMemberEmailBind.`,
    );
  }
  return binding;
}

function requireEmailFree(context: OrganizationContext, email: string, memberUin: number): void {
  const holder = context.store.findByEmail(email);
  if (holder !== undefined && holder.memberUin !== memberUin) {
    throw new ApiError(
      "FailedOperation.EmailAlreadyUsed",
      `The email is already bound to member ${holder.memberUin}: an email belongs to one member only.`,
    );
  }
}

function requirePhoneRoom(context: OrganizationContext, countryCode: string, phone: string, memberUin: number): void {
  if (context.store.countByPhone(countryCode, phone, memberUin) >= context.maxMembersPerPhone) {
    throw new ApiError(
      "LimitExceeded.PhoneNumBound",
      `The security phone is already bound to ${context.maxMembersPerPhone} members, the most one phone may have.`,
    );
  }
}

/** The only `X-TC-Version` the Organization API answers for these actions. */
export const API_VERSION = "2021-03-31";

/** The actions the emulator implements, as named in `X-TC-Action`. */
export const ACTION_NAMES = [
  "AddOrganizationMemberEmail",
  "DescribeOrganizationMemberEmailBind",
  "UpdateOrganizationMemberEmailBind",
  "SendOrgMemberAccountBindEmail",
  "DescribeOrganizationMembers",
] as const;

/** Name of an action the emulator implements. */
export type ActionName = (typeof ACTION_NAMES)[number];

/** Whether `value` names an action the emulator implements. */
export function isActionName(value: string): value is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(value);
}

/** Parameters of each action, as the official SDK types them. */
export interface ActionRequests {
  /** Binds an email and a security phone to a member. */
  AddOrganizationMemberEmail: AddOrganizationMemberEmailRequest;
  /** Reads a member's binding. */
  DescribeOrganizationMemberEmailBind: DescribeOrganizationMemberEmailBindRequest;
  /** Changes a bound member's email and/or phone. */
  UpdateOrganizationMemberEmailBind: UpdateOrganizationMemberEmailBindRequest;
  /** Sends the activation email again. */
  SendOrgMemberAccountBindEmail: SendOrgMemberAccountBindEmailRequest;
  /** Lists the organization's members, a page at a time. */
  DescribeOrganizationMembers: DescribeOrganizationMembersRequest;
}

/**
 * Output fields of each action, as the official SDK types them, without `RequestId` (the envelope adds
 * it). `BindId` may be `null`: the documentation says so, and Describe of an unbound member answers it.
 */
export interface ActionOutputs {
  /** Output of AddOrganizationMemberEmail. */
  AddOrganizationMemberEmail: Omit<AddOrganizationMemberEmailResponse, "RequestId">;
  /** Output of DescribeOrganizationMemberEmailBind. */
  DescribeOrganizationMemberEmailBind: Omit<DescribeOrganizationMemberEmailBindResponse, "RequestId" | "BindId"> & {
    /** Id of the binding; `null` when the member has none. */
    BindId: number | null;
  };
  /** Output of UpdateOrganizationMemberEmailBind. */
  UpdateOrganizationMemberEmailBind: Omit<UpdateOrganizationMemberEmailBindResponse, "RequestId">;
  /** Output of SendOrgMemberAccountBindEmail. */
  SendOrgMemberAccountBindEmail: Omit<SendOrgMemberAccountBindEmailResponse, "RequestId">;
  /** Output of DescribeOrganizationMembers: each member with the fields the emulator knows. */
  DescribeOrganizationMembers: Omit<DescribeOrganizationMembersResponse, "RequestId">;
}

/**
 * Does what the member does by clicking the link in the activation email, which no API action can do:
 * the binding becomes `Success` with `BindTime` now. Activating an active binding changes nothing.
 * Throws when the member has no binding.
 */
export function activateBinding(store: BindingStore, memberUin: number, now: Date): EmulatorBinding {
  return store.transaction(() => {
    const binding = store.findByMember(memberUin);
    if (binding === undefined) {
      throw new Error(`Member ${memberUin} has no email binding to activate.`);
    }
    if (binding.status === "Success") {
      return binding;
    }
    const activated: EmulatorBinding = { ...binding, status: "Success", bindTime: formatApiTime(now), description: "" };
    store.replace(activated);
    return activated;
  });
}

/**
 * Does what Tencent Cloud does when it gives up on a binding (the member never confirmed, the mailbox
 * refused the email), which no API action can do: the binding becomes `Failed`, its Description the
 * reason, its BindTime empty. Throws when the member has no binding.
 */
export function failBinding(store: BindingStore, memberUin: number, description: string): EmulatorBinding {
  return store.transaction(() => {
    const binding = store.findByMember(memberUin);
    if (binding === undefined) {
      throw new Error(`Member ${memberUin} has no email binding to fail.`);
    }
    const failed: EmulatorBinding = { ...binding, status: "Failed", bindTime: "", description };
    store.replace(failed);
    return failed;
  });
}

/** The Description of a binding failed without a reason given. */
export const DEFAULT_FAILURE_DESCRIPTION = "The binding failed: the member did not activate it.";

/**
 * Formats a moment the way the Organization API writes times (`"2022-01-13 12:09:08"`). The
 * documentation gives no zone; the emulator uses UTC, the same clock as its daily quota.
 */
export function formatApiTime(moment: Date): string {
  return moment.toISOString().slice(0, 19).replace("T", " ");
}

/** The UTC day of a moment, `"YYYY-MM-DD"`: the period of the daily binding quota. */
export function utcDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/**
 * Masks a phone number the way DescribeOrganizationMemberEmailBind documents it (`"18***32"`): the first
 * two digits, three stars, the last two digits. Written here rather than shared with the provider so the
 * emulator checks the provider's own idea of the mask.
 */
export function maskPhone(phone: string): string {
  if (phone === "") {
    return "";
  }
  return `${phone.slice(0, 2)}***${phone.slice(-2)}`;
}
