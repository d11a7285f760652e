import * as pulumi from "@pulumi/pulumi";
import { enterConstruction } from "./construction";
import { memberEmailProvider, withSerializedProvider } from "./provider";

/** The inputs of an {@link OrganizationMemberEmail}. */
export interface OrganizationMemberEmailArgs {
  /** The member's account uin (a positive whole number, such as 100000000001). Changing it replaces the resource. */
  memberUin: pulumi.Input<number>;
  /** The email to bind to the member. Stored as a secret. Changing it needs `allowEmailUpdate: true`. */
  email: pulumi.Input<string>;
  /** The security phone's international calling code: 1 to 3 digits without "+", such as "86". */
  countryCode: pulumi.Input<string>;
  /**
   * The security phone: digits only, without the calling code, such as "13800138000". Stored as a secret.
   * Optional: without it, the member's existing binding with this email (compared ignoring case) is adopted
   * as it is and its phone is left alone; binding a new email, or changing the email or country code, needs it.
   */
  phone?: pulumi.Input<string>;
  /**
   * Allow a change of `email` to be applied in place (UpdateOrganizationMemberEmailBind, after which the
   * member must activate the new email). Without it, a preview that changes the email fails.
   */
  allowEmailUpdate?: pulumi.Input<boolean>;
  /**
   * A token, in the manner of a trigger: when its value changes and the binding still waits for activation
   * (`Valid`), the update sends the activation email again (`SendOrgMemberAccountBindEmail`). An active
   * binding gets no email, and a message says so. A link expires 15 days after it was last sent: change the
   * token every week, such as the ISO week "2026-W49".
   */
  activationReminder?: pulumi.Input<string>;
}

/**
 * The email binding of a Tencent Cloud Organization member (`AddOrganizationMemberEmail`). Its id is the
 * member's uin. Deleting it removes it from the stack only: Tencent Cloud has no call to unbind an email.
 */
export class OrganizationMemberEmail extends pulumi.dynamic.Resource {
  /** The member's account uin. */
  declare public readonly memberUin: pulumi.Output<number>;
  /** The bound email (secret). */
  declare public readonly email: pulumi.Output<string>;
  /** The security phone's international calling code. */
  declare public readonly countryCode: pulumi.Output<string>;
  /** The security phone as declared, or as the API shows it (masked, such as `18***32`) when not declared (secret). */
  declare public readonly phone: pulumi.Output<string>;
  /** Whether a change of email may be applied in place. */
  declare public readonly allowEmailUpdate: pulumi.Output<boolean | undefined>;
  /** The token whose last change sent the activation email again, if any. */
  declare public readonly activationReminder: pulumi.Output<string | undefined>;
  /** The binding's id in Tencent Cloud (`BindId`). */
  declare public readonly bindId: pulumi.Output<number>;
  /** `Valid` (waiting for the member to activate it from the email), `Success` or `Failed`. */
  declare public readonly bindStatus: pulumi.Output<string>;
  /** When the binding was requested, `YYYY-MM-DD HH:mm:ss`. */
  declare public readonly applyTime: pulumi.Output<string>;
  /** When the member activated the binding, `YYYY-MM-DD HH:mm:ss`, or empty. */
  declare public readonly bindTime: pulumi.Output<string>;
  /** Why the binding failed, or empty. */
  declare public readonly description: pulumi.Output<string>;
  /** 1 when the security phone is bound, else 0. */
  declare public readonly phoneBind: pulumi.Output<number>;
  /**
   * The organization the binding belongs to (`OrgId` of DescribeOrganization, for the credentials that created
   * it). A refresh, read or update with credentials of another organization fails and changes nothing.
   */
  declare public readonly organizationId: pulumi.Output<number>;
  /**
   * Updates the stack has made to the binding while it waits for activation; Tencent Cloud allows 3, and a
   * preview warns before the last one. Activation resets nothing; a failed binding given a new email starts from 0.
   */
  declare public readonly modificationsBeforeActivation: pulumi.Output<number>;

  /**
   * Binds `args.email` and `args.phone` to the member `args.memberUin`, or, without `args.phone`, adopts the
   * member's existing binding of `args.email`.
   * @param name The unique name of the resource in the stack.
   * @param args The binding's inputs.
   * @param opts Options for the resource.
   */
  constructor(name: string, args: OrganizationMemberEmailArgs, opts?: pulumi.CustomResourceOptions) {
    // No stack per promise, and a sourcePosition that names the program's line: see construction.ts.
    const construction = enterConstruction(__filename);
    try {
      super(
        memberEmailProvider,
        name,
        withSerializedProvider({
          memberUin: args.memberUin,
          // Personal data: secret as inputs too, so neither the inputs nor the outputs in state hold them in plain text.
          email: args.email === undefined ? undefined : pulumi.secret(args.email),
          countryCode: args.countryCode,
          phone: args.phone === undefined ? undefined : pulumi.secret(args.phone),
          allowEmailUpdate: args.allowEmailUpdate,
          activationReminder: args.activationReminder,
          bindId: undefined,
          bindStatus: undefined,
          applyTime: undefined,
          bindTime: undefined,
          description: undefined,
          phoneBind: undefined,
          organizationId: undefined,
          modificationsBeforeActivation: undefined,
        }),
        pulumi.mergeOptions(opts, { additionalSecretOutputs: ["email", "phone"] }),
        "tencentcloud",
        "OrganizationMemberEmail",
      );
    } catch (error) {
      construction.restore();
      // Thrown without stacks, it has no frames: give it those of the program line that constructed the binding.
      if (construction.withoutStacks && error instanceof Error) Error.captureStackTrace(error, OrganizationMemberEmail);
      throw error;
    } finally {
      construction.restore();
    }
  }
}
