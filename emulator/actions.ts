import type { ActionName, ActionOutputs, ActionRequests } from "./api-types";
import { ApiError } from "./errors";
import { formatApiTime, utcDay } from "./format-api-time";
import { maskPhone } from "./mask-phone";
import type { BindingStore } from "./store";
import type { EmulatorBinding } from "./types";

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
export type ActionHandler<A extends ActionName> = (request: ActionRequests[A], context: OrganizationContext) => ActionOutputs[A];

/** The business rules of each action the emulator implements. */
export const ACTION_HANDLERS: { readonly [A in ActionName]: ActionHandler<A> } = {
  AddOrganizationMemberEmail: addOrganizationMemberEmail,
  DescribeOrganizationMemberEmailBind: describeOrganizationMemberEmailBind,
  UpdateOrganizationMemberEmailBind: updateOrganizationMemberEmailBind,
  SendOrgMemberAccountBindEmail: sendOrgMemberAccountBindEmail,
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
    Description: "",
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
      ...(emailChanged ? { status: "Valid", applyTime: formatApiTime(context.now()), bindTime: "" } : {}),
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
