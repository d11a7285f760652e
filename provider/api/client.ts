import Bottleneck from "bottleneck";
import * as v from "valibot";
import { CommonClient } from "tencentcloud-sdk-nodejs-common";
// Types only (erased at build): the full SDK is a development dependency, users install the common client alone.
import type {
  AddOrganizationMemberEmailRequest,
  DescribeOrganizationMemberEmailBindRequest,
  DescribeOrganizationRequest,
  DescribeOrganizationMembersRequest,
  SendOrgMemberAccountBindEmailRequest,
  UpdateOrganizationMemberEmailBindRequest,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_models";
import { AdaptiveRate } from "./adaptive-rate";
import type { CredentialSource } from "./credential-settings";
import { CredentialProvider } from "./credentials";
import { keepAlive, sharedLimiter, type SharedLimiter } from "./shared-limiter";
import { MemberEmailApiError, redact, withConfigNamespace } from "./errors";
import type { RetryLog } from "./retry-attempts";
import {
  attemptLabel,
  isThrottling,
  networkCodeOf,
  noAnswerFailure,
  retryDelay,
  retryPolicy,
  shouldRetry,
  withBudget,
  type Failure,
  type RetryPolicy,
} from "./retry-policy";
import type { Settings } from "./settings";
import { StartWindow } from "./start-window";

/** The Organization API's host and version; the endpoint actually reached comes from the settings. */
// Stryker disable next-line StringLiteral: the SDK reaches, and signs for, the settings' host, which is always set
const SERVICE_HOST = "organization.tencentcloudapi.com";
const API_VERSION = "2021-03-31";

/** The code Tencent Cloud answers for a session token it refuses, expired ones included. */
const TOKEN_FAILURE = "AuthFailure.TokenFailure";

/** Seconds the SDK waits for one answer before the attempt counts as a network error. */
const REQUEST_TIMEOUT_SECONDS = 15;

/** Describe codes that mean the member's binding (or the member itself) is gone, not that the call failed. */
const bindingGoneCodes: ReadonlySet<string> = new Set([
  "ResourceNotFound.OrganizationMemberNotExist",
  "ResourceNotFound.MemberEmailNotExist",
  "ResourceNotFound.EmailBindRecordNotExist",
]);

/** A member's email binding as DescribeOrganizationMemberEmailBind answers it. */
export interface RemoteBinding {
  /** The binding's id. */
  readonly bindId: number;
  /** The bound email. */
  readonly email: string;
  /** The international calling code of the security phone. */
  readonly countryCode: string;
  /** The security phone as the API shows it: masked, such as `18***32`. */
  readonly maskedPhone: string;
  /** `Valid` (waiting for the member to activate), `Success` or `Failed`. */
  readonly bindStatus: string;
  /** When the binding was requested, `YYYY-MM-DD HH:mm:ss`. */
  readonly applyTime: string;
  /** When the member activated it, `YYYY-MM-DD HH:mm:ss`, or empty. */
  readonly bindTime: string;
  /** Why the binding failed, or empty. */
  readonly description: string;
  /** 1 when the security phone is bound, else 0. */
  readonly phoneBind: number;
}

/** One member as DescribeOrganizationMembers lists it. */
export interface OrganizationMember {
  /** The member's account uin. */
  readonly memberUin: number;
  /** The member's name in the organization. */
  readonly name: string;
  /**
   * The email binding's status: `Unbound`, `Valid` (waiting for activation), `Success` or `Failed`; empty
   * when the listing does not say.
   */
  readonly bindStatus: string;
  /**
   * `Create` (made in the organization) or `Invite` (an existing account invited into it, which cannot have
   * an email bound); empty when the listing does not say.
   */
  readonly memberType: string;
}

/** One page of DescribeOrganizationMembers. */
export interface MemberPage {
  /** The members on this page. */
  readonly members: readonly OrganizationMember[];
  /** How many members the organization has in all. */
  readonly total: number;
}

/** The most members DescribeOrganizationMembers answers in one page. */
export const MAX_MEMBERS_PAGE_SIZE = 50;

/**
 * What the client reports while it works: retries and their reasons, its credentials' retries included, and
 * warnings (a shared limiter that could not be used); without `warn`, warnings go where retries go.
 */
export type ClientLog = RetryLog & { warn?(message: string): void };

/** Whether the process has said that its Redis limiter could not be used: once is enough. */
let redisWarned = false;

/** The fields of the email binding the provider writes: Add and Update need all of them. */
export interface BindingFields {
  /** The member's uin. */
  readonly memberUin: number;
  /** The email to bind. */
  readonly email: string;
  /** The security phone's international calling code, such as `86`. */
  readonly countryCode: string;
  /** The security phone, digits only. */
  readonly phone: string;
}

const integer = v.pipe(v.number(), v.integer());

const addResponse = v.object({ BindId: v.nullish(integer), RequestId: v.optional(v.string()) });
const describeResponse = v.object({
  BindId: v.nullish(integer),
  ApplyTime: v.nullish(v.string()),
  Email: v.nullish(v.string()),
  Phone: v.nullish(v.string()),
  BindStatus: v.nullish(v.string()),
  BindTime: v.nullish(v.string()),
  Description: v.nullish(v.string()),
  PhoneBind: v.nullish(integer),
  CountryCode: v.nullish(v.string()),
  RequestId: v.optional(v.string()),
});

const organizationResponse = v.object({ OrgId: integer, RequestId: v.optional(v.string()) });

const membersResponse = v.object({
  Items: v.nullish(
    v.array(
      v.object({
        MemberUin: integer,
        Name: v.nullish(v.string()),
        BindStatus: v.nullish(v.string()),
        MemberType: v.nullish(v.string()),
      }),
    ),
  ),
  Total: v.pipe(v.number(), v.integer(), v.minValue(0)),
  RequestId: v.optional(v.string()),
});

/** One failed attempt, with the caller's decision on retrying it. */
class AttemptFailure extends Error {
  constructor(
    readonly code: string | undefined,
    /** The network's error code when no answer came, such as `ENOTFOUND`. */
    readonly networkCode: string | undefined,
    readonly apiMessage: string,
    readonly requestId: string | undefined,
    /** Milliseconds to wait before attempt `attempts + 1`, or undefined to give up. */
    readonly retryAfter: (attempts: number) => number | undefined,
  ) {
    super(apiMessage);
  }
}

/**
 * The pacing of one limit: Bottleneck queues and spaces the calls, the window holds back early starts, and
 * the adaptive rate moves both with what the API answers.
 */
interface Pacer {
  readonly limiter: Bottleneck;
  /** The limiter shared through Redis, when `organizationRateLimitRedis` is set and Redis answered. */
  readonly shared: Promise<SharedLimiter | undefined>;
  readonly window: StartWindow;
  readonly adaptive: AdaptiveRate;
  /** The configured rate, the adaptive rate's ceiling. */
  ceiling: number;
}

/**
 * One pacer per limit for the whole process, keyed as Tencent counts its limit: the action, the endpoint
 * (region) and the identity. Every resource of the process shares it; two identities do not slow each other.
 */
const pacers = new Map<string, Pacer>();

/** Who the calls are counted against: the key pair's id, or the role whose temporary keys sign them. */
function identityOf(source: CredentialSource): string {
  switch (source.kind) {
    case "keyPair":
      return `key:${source.keyPair.secretId}`;
    case "assumeRole":
    case "webIdentity":
      return `role:${source.role.roleArn}`;
    case "camRole":
      return `instance-role:${source.roleName}`;
  }
}

function pacerFor(key: string, ratePerSecond: number, redis: { url?: string; warn: (message: string) => void }): Pacer {
  const existing = pacers.get(key);
  if (existing) {
    // The ceiling only changes when the configuration does; most calls find it as it was.
    if (existing.ceiling !== ratePerSecond) {
      existing.ceiling = ratePerSecond;
      existing.adaptive.setCeiling(ratePerSecond);
      const spacingMs = new StartWindow(ratePerSecond).spacingMs;
      void existing.shared.then((shared) => shared?.setSpacing(spacingMs));
    }
    return existing;
  }
  const window = new StartWindow(ratePerSecond);
  // minTime spaces the starts of calls evenly; the window makes sure no second ever holds more than the limit.
  const limiter = new Bottleneck({ minTime: window.spacingMs, maxConcurrent: null });
  let minTime = window.spacingMs;
  const adaptive = new AdaptiveRate(ratePerSecond, (rate) => {
    window.setRate(rate);
    // Bottleneck is told only when the spacing really changes: the rate moves a little with every call.
    if (window.spacingMs !== minTime) {
      minTime = window.spacingMs;
      void limiter.updateSettings({ minTime });
    }
  });
  // Shared, the starts are planned in Redis at the configured rate (the slowest of the processes sharing it);
  // the adaptive rate then moves only this process's window, never the shared settings.
  const shared =
    redis.url === undefined ? Promise.resolve(undefined) : sharedLimiter(redis.url, key, window.spacingMs, redis.warn);
  const pacer = { limiter, shared, window, adaptive, ceiling: ratePerSecond };
  pacers.set(key, pacer);
  return pacer;
}

/** The SDK's error shape: `code` and `requestId` are set when Tencent Cloud answered with an error. */
function sdkErrorFields(error: unknown): { code?: string; message: string; requestId?: string } {
  if (typeof error !== "object" || error === null) return { message: String(error) };
  const fields = error as { code?: unknown; message?: unknown; requestId?: unknown };
  return {
    code: typeof fields.code === "string" && fields.code !== "" ? fields.code : undefined,
    message: typeof fields.message === "string" ? fields.message : String(error),
    requestId: typeof fields.requestId === "string" && fields.requestId !== "" ? fields.requestId : undefined,
  };
}

/**
 * The Organization API's member-email actions, rate limited per action, retried on transient failures,
 * with every failure turned into a MemberEmailApiError.
 */
export class OrganizationApi {
  private readonly sdk: CommonClient;
  private readonly policy: RetryPolicy;
  /**
   * The policy of the calls that change something each time they are carried out (an Update counts a
   * modification, a resend spends the resend limit): Tencent's answered errors such as `InternalError` mean
   * "not carried out" and are retried, a lost answer is not.
   */
  private readonly writeOnce: RetryPolicy;
  /** The organization the credentials reach, asked once for the life of this client. */
  private organization: Promise<number> | undefined;
  /** The keys to sign with, renewed before they expire; also guards the account. */
  readonly credentials: CredentialProvider;

  /**
   * @param policy When and how calls are retried, the Organization calls and the credentials' alike (STS,
   * GetCallerIdentity, the metadata service, the token file); absent: the provider's policy, with the settings'
   * retry budget when they set one.
   */
  constructor(
    private readonly settings: Settings,
    private readonly log: ClientLog,
    policy?: RetryPolicy,
  ) {
    this.policy = policy ?? withBudget(retryPolicy, settings.retryBudgetSeconds);
    this.writeOnce = { ...this.policy, retryNetworkErrors: false };
    this.credentials = new CredentialProvider(settings.credentials, { policy: this.policy, log });
    this.sdk = new CommonClient(SERVICE_HOST, API_VERSION, {
      credential: this.credentials,
      region: "",
      profile: {
        httpProfile: { protocol: settings.protocol, endpoint: settings.host, reqTimeout: REQUEST_TIMEOUT_SECONDS },
      },
    });
  }

  /** AddOrganizationMemberEmail: binds the email and phone; answers the new BindId. */
  async addMemberEmail(fields: BindingFields): Promise<number | undefined> {
    const request: AddOrganizationMemberEmailRequest = {
      MemberUin: fields.memberUin,
      Email: fields.email,
      CountryCode: fields.countryCode,
      Phone: fields.phone,
    };
    const response = await this.call(
      "AddOrganizationMemberEmail",
      fields.memberUin,
      () => this.sdk.request("AddOrganizationMemberEmail", request),
      [fields.email, fields.phone],
    );
    return v.parse(addResponse, response).BindId ?? undefined;
  }

  /** DescribeOrganizationMemberEmailBind: the member's binding, or undefined when there is none. */
  async describeMemberEmailBind(memberUin: number): Promise<RemoteBinding | undefined> {
    const request: DescribeOrganizationMemberEmailBindRequest = { MemberUin: memberUin };
    let response: unknown;
    try {
      response = await this.call("DescribeOrganizationMemberEmailBind", memberUin, () =>
        this.sdk.request("DescribeOrganizationMemberEmailBind", request),
      );
    } catch (error) {
      if (error instanceof MemberEmailApiError && error.code && bindingGoneCodes.has(error.code)) return undefined;
      throw error;
    }
    const body = v.parse(describeResponse, response);
    // The API answers `Unbound` with empty fields for a member without a binding.
    if (!body.BindId || !body.BindStatus || body.BindStatus === "Unbound") return undefined;
    return {
      bindId: body.BindId,
      email: body.Email ?? "",
      countryCode: body.CountryCode ?? "",
      maskedPhone: body.Phone ?? "",
      bindStatus: body.BindStatus,
      applyTime: body.ApplyTime ?? "",
      bindTime: body.BindTime ?? "",
      description: body.Description ?? "",
      phoneBind: body.PhoneBind ?? 0,
    };
  }

  /**
   * UpdateOrganizationMemberEmailBind: changes the email and/or phone of binding `bindId`. An answer that never
   * came (a MemberEmailApiError without a code) is not retried: Tencent may have carried the Update out, and a
   * second one would count as a second modification. The caller reads the binding and decides.
   */
  async updateMemberEmailBind(bindId: number, fields: BindingFields): Promise<void> {
    const request: UpdateOrganizationMemberEmailBindRequest = {
      MemberUin: fields.memberUin,
      BindId: bindId,
      Email: fields.email,
      CountryCode: fields.countryCode,
      Phone: fields.phone,
    };
    await this.call(
      "UpdateOrganizationMemberEmailBind",
      fields.memberUin,
      () => this.sdk.request("UpdateOrganizationMemberEmailBind", request),
      [fields.email, fields.phone],
      this.writeOnce,
    );
  }

  /**
   * DescribeOrganizationMembers: the page of `limit` members (1 to 50) starting at `offset`, which must be
   * a multiple of `limit`.
   */
  async describeOrganizationMembers(offset: number, limit: number): Promise<MemberPage> {
    const request: DescribeOrganizationMembersRequest = { Offset: offset, Limit: limit };
    const response = await this.call("DescribeOrganizationMembers", undefined, () =>
      this.sdk.request("DescribeOrganizationMembers", request),
    );
    const body = v.parse(membersResponse, response);
    return {
      members: (body.Items ?? []).map((item) => ({
        memberUin: item.MemberUin,
        name: item.Name ?? "",
        bindStatus: item.BindStatus ?? "",
        memberType: item.MemberType ?? "",
      })),
      total: body.Total,
    };
  }

  /**
   * DescribeOrganization's OrgId: the organization the credentials reach. Asked once and kept, since the
   * client's credentials never change; a failed call is asked again next time.
   */
  organizationId(): Promise<number> {
    this.organization ??= this.call("DescribeOrganization", undefined, () => {
      const request: DescribeOrganizationRequest = {};
      return this.sdk.request("DescribeOrganization", request);
    }).then(
      (response) => v.parse(organizationResponse, response).OrgId,
      (error: unknown) => {
        this.organization = undefined;
        throw error;
      },
    );
    return this.organization;
  }

  /**
   * SendOrgMemberAccountBindEmail: sends the activation email of binding `bindId` again. An answer that never came
   * is not retried: the email may have been sent, and a second send would spend Tencent's resend limit twice.
   */
  async sendMemberAccountBindEmail(memberUin: number, bindId: number): Promise<void> {
    const request: SendOrgMemberAccountBindEmailRequest = { MemberUin: memberUin, BindId: bindId };
    await this.call(
      "SendOrgMemberAccountBindEmail",
      memberUin,
      () => this.sdk.request("SendOrgMemberAccountBindEmail", request),
      [],
      this.writeOnce,
    );
  }

  /**
   * Sends one action through its limiter and retries. `personal` is the request's email and phone: an
   * endpoint or proxy that echoes the request would carry them into the error, so they are removed from
   * its message like the credentials. `policy` decides the retries: the client's own unless the call says.
   */
  private async call(
    action: string,
    memberUin: number | undefined,
    send: () => Promise<unknown>,
    personal: readonly string[] = [],
    policy: RetryPolicy = this.policy,
  ): Promise<unknown> {
    const limitKey = JSON.stringify([action, this.settings.host, identityOf(this.settings.credentials.source)]);
    const pacer = pacerFor(limitKey, this.settings.rateLimitPerSecond, {
      url: this.settings.rateLimitRedis,
      warn: (message) => {
        if (redisWarned) return;
        redisWarned = true;
        // The key is named as the user set it: the native plugin reads tencentcloud-member-email:organizationRateLimitRedis.
        const named = withConfigNamespace(message, this.settings.configNamespace);
        if (this.log.warn) this.log.warn(named);
        else this.log.retrying(named);
      },
    });
    const { window: startWindow, adaptive } = pacer;
    const release = this.settings.rateLimitRedis === undefined ? () => undefined : keepAlive();
    try {
      const shared = await pacer.shared;
      const alone = <T>(task: () => Promise<T>) => pacer.limiter.schedule(task);
      return await this.callThrough(
        shared ? (task) => shared.schedule(task, alone) : alone,
        startWindow,
        adaptive,
        action,
        memberUin,
        send,
        personal,
        policy,
      );
    } finally {
      release();
    }
  }

  /** {@link call}'s body, once the limiter is known: `schedule` starts the call, with its retries, at its turn. */
  private async callThrough(
    schedule: (task: () => Promise<unknown>) => Promise<unknown>,
    startWindow: StartWindow,
    adaptive: AdaptiveRate,
    action: string,
    memberUin: number | undefined,
    send: () => Promise<unknown>,
    personal: readonly string[],
    policy: RetryPolicy,
  ): Promise<unknown> {
    // The account guard runs before the first call of any kind, and once: a refused account fails here.
    await this.credentials.checkAccount();
    // The budget starts at the first attempt: a call that waited its turn in a long queue (a large stack,
    // a 2,000-member discovery) still gets every retry the policy allows.
    let firstAttemptAt: number | undefined;
    let attempts = 0;
    let renewed = false;
    let signedWith: string | undefined;
    const retryAfter = (failure: Failure, requestId: string | undefined) => (tried: number) => {
      const code = typeof failure === "string" ? failure : undefined;
      // Temporary keys the service calls expired (its clock may run ahead of ours) are renewed once, at once.
      if (code === TOKEN_FAILURE && this.credentials.renewable && !renewed && tried < policy.maxAttempts) {
        renewed = true;
        this.credentials.invalidate(signedWith);
        this.log.retrying(`${action}: ${code} on attempt ${tried}; renewing the temporary credentials and retrying.`);
        return 0;
      }
      if (!shouldRetry(policy, failure, tried, Date.now() - (firstAttemptAt ?? Date.now()))) return undefined;
      const delay = retryDelay(policy, tried);
      this.log.retrying(
        `${action}: ${code ?? "no answer"} on ${attemptLabel(policy, code, tried)}` +
          `${requestId ? ` (RequestId ${requestId})` : ""}; retrying in ${delay} ms.`,
      );
      return delay;
    };
    const attempt = async (): Promise<unknown> => {
      await startWindow.admit(attempts > 0);
      const startedAt = performance.now();
      firstAttemptAt ??= Date.now();
      attempts += 1;
      // Fetched here, not inside the SDK, so that a refused AssumeRole fails as itself instead of as a
      // network error the SDK would make of it (and the retry policy would retry).
      signedWith = (await this.credentials.getCredential()).secretId;
      try {
        const answer = await send();
        adaptive.passed();
        return answer;
      } catch (error) {
        const fields = sdkErrorFields(error);
        // An answer with any other code passed the limit; no answer at all says nothing about it.
        if (fields.code !== undefined && isThrottling(policy, fields.code)) adaptive.throttled(startedAt);
        else if (fields.code !== undefined) adaptive.passed();
        // No code is no answer: the network's own code (a host that does not resolve) may still decide the retry.
        const failure = fields.code ?? noAnswerFailure(error);
        throw new AttemptFailure(
          fields.code,
          networkCodeOf(failure),
          this.redact(fields.message, personal),
          fields.requestId,
          retryAfter(failure, fields.requestId),
        );
      }
    };
    // A retry waits its delay, then goes back through the window, so retries respect the limit too; it keeps
    // the start the limiter gave the call's first attempt. The retries run inside the task rather than through
    // Bottleneck's `failed` event, so that the task's outcome is the call's whichever limiter ran it: the shared
    // one, or this process's own once Redis stopped answering.
    const withRetries = async (): Promise<unknown> => {
      for (;;) {
        try {
          return await attempt();
        } catch (error) {
          const delay = error instanceof AttemptFailure ? error.retryAfter(attempts) : undefined;
          if (delay === undefined) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    };
    try {
      return await schedule(withRetries);
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error;
      throw new MemberEmailApiError(
        {
          action,
          memberUin,
          code: error.code,
          networkCode: error.networkCode,
          apiMessage: error.apiMessage,
          requestId: error.requestId,
          attempts,
        },
        this.settings.configNamespace,
      );
    }
  }

  private redact(text: string, personal: readonly string[]): string {
    return redact(text, [...this.credentials.secrets(), ...personal]);
  }
}
