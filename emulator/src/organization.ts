import type { EmulatorClock } from "./clock";
import { ApiError } from "./errors";
import { maskEmail, maskPhone } from "./mask";
import type { ResolvedMember } from "./options";
import type { BindingStore } from "./store";
import type { EmulatorBinding } from "./types";
import type {
  AddOrganizationMemberEmailRequest,
  AddOrganizationMemberEmailResponse,
  DescribeOrganizationRequest,
  DescribeOrganizationResponse,
  DescribeOrganizationMemberEmailBindRequest,
  DescribeOrganizationMemberEmailBindResponse,
  DescribeOrganizationMembersRequest,
  DescribeOrganizationMembersResponse,
  SendOrgMemberAccountBindEmailRequest,
  SendOrgMemberAccountBindEmailResponse,
  UpdateOrganizationMemberEmailBindRequest,
  UpdateOrganizationMemberEmailBindResponse,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_models";

/** What the business rules need: the organization, its limits, the store and the clock. */
export interface OrganizationContext {
  /** The bindings. */
  readonly store: BindingStore;
  /** The organization's members by uin, with their names and types. */
  readonly members: ReadonlyMap<number, ResolvedMember>;
  /** `OrgId` of the organization. */
  readonly organizationId: number;
  /** `HostUin`, the organization's management account. */
  readonly hostUin: number;
  /** Bindings AddOrganizationMemberEmail may create per UTC day. */
  readonly dailyBindQuota: number;
  /** Members that may share one security phone (country code + number). */
  readonly maxMembersPerPhone: number;
  /** Resends of a binding's activation email per hour. */
  readonly sendEmailLimitPerHour: number;
  /** Resends of a binding's activation email per day. */
  readonly sendEmailLimitPerDay: number;
  /** Whether Describe masks the email. */
  readonly maskEmails: boolean;
  /** The emulator's clock: every rule that measures time reads it. */
  readonly clock: EmulatorClock;
}

/** Carries out one action on already validated parameters; throws an ApiError to refuse. */
export type ActionHandler<A extends ActionName> = (
  request: ActionRequests[A],
  context: OrganizationContext,
) => ActionOutputs[A];

/** The business rules of each action the emulator implements. */
const ACTION_HANDLERS: { readonly [A in ActionName]: ActionHandler<A> } = {
  AddOrganizationMemberEmail: addOrganizationMemberEmail,
  DescribeOrganizationMemberEmailBind: describeOrganizationMemberEmailBind,
  UpdateOrganizationMemberEmailBind: updateOrganizationMemberEmailBind,
  SendOrgMemberAccountBindEmail: sendOrgMemberAccountBindEmail,
  DescribeOrganizationMembers: describeOrganizationMembers,
  DescribeOrganization: describeOrganization,
};

/** The actions that change the store when they succeed (the request log records their commit). */
export const WRITE_ACTIONS: ReadonlySet<ActionName> = new Set([
  "AddOrganizationMemberEmail",
  "UpdateOrganizationMemberEmailBind",
  "SendOrgMemberAccountBindEmail",
]);

/**
 * Runs an action's business rules, after failing every binding whose activation link expired, so that
 * each rule sees the bindings as they are at the emulator's current time.
 */
export function runBusinessRules<A extends ActionName>(
  action: A,
  request: ActionRequests[A],
  context: OrganizationContext,
): ActionOutputs[A] {
  expireActivationLinks(context.store, context.clock.now());
  const handler: ActionHandler<A> = ACTION_HANDLERS[action];
  return handler(request, context);
}

/** Days an activation link stays valid after it was last sent, as Tencent Cloud documents. */
export const ACTIVATION_LINK_DAYS = 15;

/** Updates a binding may take before activation, as Tencent Cloud documents ("modified only three times"). */
export const MAX_MODIFICATIONS_BEFORE_ACTIVATION = 3;

/** The Description of a binding whose activation link expired. */
export const LINK_EXPIRED_DESCRIPTION =
  `The activation link expired: it was not used within ${ACTIVATION_LINK_DAYS} days of being sent. ` +
  "This email can never be bound again; submit a new one.";

/**
 * Fails every `Valid` binding whose activation link was last sent more than 15 days before `now`: status
 * `Failed`, Description {@link LINK_EXPIRED_DESCRIPTION}, and its email barred for good. A write happens
 * only when a link did expire.
 */
export function expireActivationLinks(store: BindingStore, now: Date): void {
  const cutoff = formatApiTime(new Date(now.getTime() - ACTIVATION_LINK_DAYS * DAY_MS));
  if (store.linksSentBy(cutoff).length === 0) {
    return;
  }
  store.transaction(() => {
    for (const binding of store.linksSentBy(cutoff)) {
      store.replace({ ...binding, status: "Failed", bindTime: "", description: LINK_EXPIRED_DESCRIPTION });
      store.markEmailFailed(binding.email);
    }
  });
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Binds an email and a security phone to a created member: the binding starts `Valid` (waiting for the
 * member to activate it from the email) under a new BindId, and its activation link is sent now.
 */
export function addOrganizationMemberEmail(
  request: ActionRequests["AddOrganizationMemberEmail"],
  context: OrganizationContext,
): ActionOutputs["AddOrganizationMemberEmail"] {
  requireCreatedMember(context, request.MemberUin);
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
    const now = context.clock.now();
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
      modifications: 0,
      linkSentAt: formatApiTime(now),
    });
    store.recordBind(today);
    return { BindId: binding.bindId };
  });
}

/**
 * Reads a member's binding with the phone masked (and the email too with `maskEmails`). A member without
 * one is answered `BindStatus: "Unbound"`, `BindId: null`, `PhoneBind: 0` and empty strings, which the
 * API documents as a status.
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
    Email: context.maskEmails ? maskEmail(binding.email) : binding.email,
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
 * Changes a bound member's email, country code and phone under the same rules as Add, and sends the
 * activation link again whenever the result waits for activation.
 *
 * - `Valid` (waiting for activation): at most three Updates, counted for the binding's whole life
 *   (activation resets nothing, the documentation names no reset); the fourth is refused.
 * - `Success`: a changed email (compared case-insensitively) needs activating again, so the binding goes
 *   back to `Valid` with a new ApplyTime and no BindTime; a phone change alone keeps it active. Neither
 *   counts as a modification before activation.
 * - `Failed`: its email can never be bound again, so it is refused; a new email submits the binding
 *   again, as the documentation says a failed binding must be: `Valid`, a fresh link, no modification
 *   counted yet.
 */
export function updateOrganizationMemberEmailBind(
  request: ActionRequests["UpdateOrganizationMemberEmailBind"],
  context: OrganizationContext,
): ActionOutputs["UpdateOrganizationMemberEmailBind"] {
  requireCreatedMember(context, request.MemberUin);
  const { store } = context;
  return store.transaction(() => {
    const binding = requireBinding(context, request.MemberUin, request.BindId);
    const emailChanged = request.Email.toLowerCase() !== binding.email.toLowerCase();
    if (binding.status === "Failed" && !emailChanged) {
      throw new ApiError(
        "FailedOperation.EmailBindRecordInvalid",
        `Binding ${binding.bindId} of member ${request.MemberUin} has failed and its email can never be bound again: submit a new email.`,
      );
    }
    if (binding.status === "Valid" && binding.modifications >= MAX_MODIFICATIONS_BEFORE_ACTIVATION) {
      throw new ApiError(
        "LimitExceeded.UpdateEmailBindOverLimit",
        `Binding ${binding.bindId} of member ${request.MemberUin} was already modified ${MAX_MODIFICATIONS_BEFORE_ACTIVATION} ` +
          "times before activation, the most allowed: the member must activate it from the email first.",
      );
    }
    requireEmailFree(context, request.Email, request.MemberUin);
    if (request.CountryCode !== binding.countryCode || request.Phone !== binding.phone) {
      requirePhoneRoom(context, request.CountryCode, request.Phone, request.MemberUin);
    }
    const now = formatApiTime(context.clock.now());
    const changes = { email: request.Email, countryCode: request.CountryCode, phone: request.Phone };
    // Submitted again: a fresh link waits for activation, as after Add.
    const resubmitted: EmulatorBinding = {
      ...binding,
      ...changes,
      status: "Valid",
      applyTime: now,
      bindTime: "",
      description: "",
      linkSentAt: now,
    };
    let updated: EmulatorBinding;
    if (binding.status === "Failed") {
      updated = { ...resubmitted, modifications: 0 };
    } else if (binding.status === "Valid") {
      updated = {
        ...binding,
        ...changes,
        ...(emailChanged ? { applyTime: now } : {}),
        modifications: binding.modifications + 1,
        linkSentAt: now,
      };
    } else if (emailChanged) {
      updated = resubmitted;
    } else {
      updated = { ...binding, ...changes };
    }
    store.replace(updated);
    return {};
  });
}

/**
 * Sends the activation email again, which starts its 15 days over. Only a binding still waiting for
 * activation (`Valid`) has one to resend, at most `sendEmailLimitPerHour` times in any hour and
 * `sendEmailLimitPerDay` times in any 24 hours; the emulator sends nothing, it only checks and records.
 */
export function sendOrgMemberAccountBindEmail(
  request: ActionRequests["SendOrgMemberAccountBindEmail"],
  context: OrganizationContext,
): ActionOutputs["SendOrgMemberAccountBindEmail"] {
  requireMember(context, request.MemberUin);
  const { store } = context;
  return store.transaction(() => {
    const binding = requireBinding(context, request.MemberUin, request.BindId);
    if (binding.status !== "Valid") {
      throw new ApiError(
        "FailedOperation.EmailBindRecordInvalid",
        binding.status === "Failed"
          ? `Binding ${binding.bindId} of member ${request.MemberUin} has failed: its activation email cannot be sent again; submit a new email.`
          : `Binding ${binding.bindId} of member ${request.MemberUin} is already activated: there is no activation email to send.`,
      );
    }
    const now = context.clock.now();
    if (
      store.sendsAfter(binding.bindId, formatApiTime(new Date(now.getTime() - DAY_MS))) >= context.sendEmailLimitPerDay
    ) {
      throw new ApiError(
        "LimitExceeded.SendEmailLimit",
        `The activation email of binding ${binding.bindId} was already sent again ${context.sendEmailLimitPerDay} times in the last 24 hours, the most allowed: try again tomorrow.`,
      );
    }
    if (
      store.sendsAfter(binding.bindId, formatApiTime(new Date(now.getTime() - HOUR_MS))) >=
      context.sendEmailLimitPerHour
    ) {
      throw new ApiError(
        "LimitExceeded.SendEmailWithinOneHourLimit",
        `The activation email of binding ${binding.bindId} was already sent again ${context.sendEmailLimitPerHour} times in the last hour, the most allowed: try again later.`,
      );
    }
    store.recordSend(binding.bindId, formatApiTime(now));
    store.replace({ ...binding, linkSentAt: formatApiTime(now) });
    return {};
  });
}

/** The most members DescribeOrganizationMembers answers in one page. */
export const MAX_MEMBERS_PAGE_SIZE = 50;

/** The page size of DescribeOrganizationMembers when the request has no Limit. */
export const DEFAULT_MEMBERS_PAGE_SIZE = 10;

/**
 * Lists the organization's members in order of uin, a page at a time: `Offset` must be a multiple of
 * `Limit` (1 to 50, default 10), as the API documents. Each member has its name, its `MemberType`
 * (`Create` or `Invite`) and the `BindStatus` of its email binding, `Unbound` when it has none.
 * `SearchKey` keeps the members whose name or uin contains it; `Total` counts the members that match.
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
    .sort(([a], [b]) => a - b)
    .filter(([uin, member]) => search === "" || member.name.includes(search) || String(uin).includes(search));
  const items = matching.slice(request.Offset, request.Offset + limit).map(([memberUin, member]) => ({
    MemberUin: memberUin,
    Name: member.name,
    MemberType: member.type,
    BindStatus: context.store.findByMember(memberUin)?.status ?? "Unbound",
  }));
  return { Items: items, Total: matching.length };
}

/** `CreateTime` DescribeOrganization answers: the emulated organization has no history, so a fixed moment. */
const ORGANIZATION_CREATE_TIME = "2021-03-31 00:00:00";

/**
 * Describes the organization the credentials belong to, so a client can tell which one it talks to:
 * `OrgId`, `HostUin` (the management account), `NickName` (`org-<OrgId>`), `IsManager` (true: the
 * emulator's credentials are the management account's), `OrgType` (1) and `CreateTime`.
 */
export function describeOrganization(
  _request: ActionRequests["DescribeOrganization"],
  context: OrganizationContext,
): ActionOutputs["DescribeOrganization"] {
  return {
    OrgId: context.organizationId,
    HostUin: context.hostUin,
    NickName: `org-${context.organizationId}`,
    OrgType: 1,
    IsManager: true,
    CreateTime: ORGANIZATION_CREATE_TIME,
  };
}

function requireMember(context: OrganizationContext, memberUin: number): ResolvedMember {
  const member = context.members.get(memberUin);
  if (member === undefined) {
    throw new ApiError(
      "ResourceNotFound.OrganizationMemberNotExist",
      `${memberUin} is not a member of the organization.`,
    );
  }
  return member;
}

// No code is documented for an invited member; UnsupportedOperation is the documented general refusal
// of Add and Update.
function requireCreatedMember(context: OrganizationContext, memberUin: number): void {
  if (requireMember(context, memberUin).type === "Invite") {
    throw new ApiError(
      "UnsupportedOperation",
      `Member ${memberUin} was invited to the organization: invited members cannot have security information ` +
        "(email and phone) bound, only members the organization created.",
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
  if (context.store.isEmailFailed(email)) {
    throw new ApiError(
      "FailedOperation.EmailAlreadyUsed",
      "The email failed activation once and can never be bound again, to any member: use another email.",
    );
  }
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
  "DescribeOrganization",
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
  /** Describes the organization. */
  DescribeOrganization: DescribeOrganizationRequest;
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
  /** Output of DescribeOrganization: the fields the emulator knows. */
  DescribeOrganization: Omit<DescribeOrganizationResponse, "RequestId">;
}

/**
 * Does what the member does by clicking the link in the activation email, which no API action can do:
 * the binding becomes `Success` with `BindTime` now. Activating an active binding changes nothing.
 * Throws when the member has no binding, and a {@link BindingFailedError} when it has failed.
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
    if (binding.status === "Failed") {
      // An expired or refused link cannot be clicked any more: only a new email, by Update, starts over.
      throw new BindingFailedError(memberUin);
    }
    const activated: EmulatorBinding = { ...binding, status: "Success", bindTime: formatApiTime(now), description: "" };
    store.replace(activated);
    return activated;
  });
}

/** Thrown by {@link activateBinding} for a `Failed` binding, whose link can no longer be used. */
export class BindingFailedError extends Error {
  /** @param memberUin - the member whose binding failed. */
  constructor(memberUin: number) {
    super(
      `Member ${memberUin}'s binding has failed: its activation link can no longer be used. ` +
        "Submit a new email with UpdateOrganizationMemberEmailBind first.",
    );
    this.name = "BindingFailedError";
  }
}

/**
 * Does what Tencent Cloud does when it gives up on a binding (the member never confirmed, the mailbox
 * refused the email), which no API action can do: the binding becomes `Failed`, its Description the
 * reason, its BindTime empty, and its email is barred for good. Throws when the member has no binding.
 */
export function failBinding(store: BindingStore, memberUin: number, description: string): EmulatorBinding {
  return store.transaction(() => {
    const binding = store.findByMember(memberUin);
    if (binding === undefined) {
      throw new Error(`Member ${memberUin} has no email binding to fail.`);
    }
    const failed: EmulatorBinding = { ...binding, status: "Failed", bindTime: "", description };
    store.replace(failed);
    // An email that failed activation can never be bound again, however the binding failed.
    store.markEmailFailed(binding.email);
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

export { maskPhone } from "./mask";
