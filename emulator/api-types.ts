import type {
  AddOrganizationMemberEmailRequest,
  AddOrganizationMemberEmailResponse,
  DescribeOrganizationMemberEmailBindRequest,
  DescribeOrganizationMemberEmailBindResponse,
  SendOrgMemberAccountBindEmailRequest,
  SendOrgMemberAccountBindEmailResponse,
  UpdateOrganizationMemberEmailBindRequest,
  UpdateOrganizationMemberEmailBindResponse,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_models";

/** The only `X-TC-Version` the Organization API answers for these actions. */
export const API_VERSION = "2021-03-31";

/** The actions the emulator implements, as named in `X-TC-Action`. */
export const ACTION_NAMES = [
  "AddOrganizationMemberEmail",
  "DescribeOrganizationMemberEmailBind",
  "UpdateOrganizationMemberEmailBind",
  "SendOrgMemberAccountBindEmail",
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
}
