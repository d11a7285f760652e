/**
 * The credential the API client signs with, from the source credential-settings.ts picked: a key pair as
 * given, or temporary keys from STS (AssumeRole, AssumeRoleWithWebIdentity) or an instance's metadata
 * service, renewed before they expire, and the account guard (GetCallerIdentity).
 *
 * The official `tencentcloud-sdk-nodejs-common` does the signing and the HTTP of every STS call here
 * (`CommonClient`, with `skipSign` for AssumeRoleWithWebIdentity). Its credential classes are not used
 * as they are, for what they lack: `OIDCRoleArnCredential` takes a token but no token file (a CI system
 * rewrites the file with fresh tokens) and renews 600 milliseconds before expiry (it compares its
 * seconds setting with milliseconds), too late for a call in flight; `CvmRoleCredential` reads a fixed
 * metadata URL, which cannot point at a test server; `ProfileCredential` reads `~/.tencentcloud/credentials`
 * (INI), not tccli's `~/.tccli/<profile>.credential`; and none tells when its keys expire, which the
 * renewal below needs.
 *
 * Every step that can fail for a moment (an STS call, GetCallerIdentity, the metadata service, a token file
 * a CI system is rewriting) is retried by the Organization calls' policy (retry-policy.ts), within its time
 * budget counted from the step's first attempt. A renewal is one promise that every waiting call shares, so
 * its retries are shared too, and one transient fault fails none of them.
 */
import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { readFile } from "node:fs/promises";
import * as v from "valibot";
import { afterAttempts, redact, unresolvedHostAdvice, withConfigNamespace, type EndpointSetting } from "./errors";
import type { CredentialSettings, CredentialSource, KeyPair } from "./credential-settings";
import { FailedAttempt, retryAttempts, type RetryLog } from "./retry-attempts";
import { networkCodeOf, noAnswerFailure, retryPolicy, type Failure, type RetryPolicy } from "./retry-policy";

const STS_HOST = "sts.tencentcloudapi.com";
const STS_VERSION = "2018-08-13";
// STS answers in every region; the SDK's own credential classes name this one.
const STS_REGION = "ap-guangzhou";
const REQUEST_TIMEOUT_SECONDS = 15;

/**
 * A whole JWT: three base64url parts. An OIDC token is one, so a token file holding less was caught half-written
 * (a CI system rewriting it) and is read again.
 */
const WHOLE_JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Renewal starts when this share of a temporary key's life is left, so a slow call never outlives it. */
const RENEW_WHEN_LIFE_LEFT = 0.5;
/** ...but never earlier than this many seconds before expiry: a 12-hour key is kept for 11 h 55 min. */
const MAX_RENEWAL_MARGIN_SECONDS = 300;

/** The keys a request is signed with, as the SDK takes them. */
export interface SigningCredential {
  /** The key id. */
  readonly secretId: string;
  /** The key secret. */
  readonly secretKey: string;
  /** The session token of temporary keys. */
  readonly token?: string;
}

/** A failure to get a credential: from STS, the metadata service, or a token file. Never holds a secret. */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialError";
  }
}

/** The caller's account is not one the provider may work in (allowedAccountIds, forbiddenAccountIds). */
export class AccountRefusedError extends CredentialError {
  constructor(message: string) {
    super(message);
    this.name = "AccountRefusedError";
  }
}

const temporaryAnswer = v.object({
  Credentials: v.object({ TmpSecretId: v.string(), TmpSecretKey: v.string(), Token: v.string() }),
  ExpiredTime: v.number(),
});
const metadataAnswer = v.object({
  TmpSecretId: v.string(),
  TmpSecretKey: v.string(),
  Token: v.string(),
  ExpiredTime: v.number(),
  Code: v.optional(v.string()),
});
const callerIdentity = v.object({ AccountId: v.string() });

interface TemporaryKey extends SigningCredential {
  readonly token: string;
  /** Unix milliseconds, local clock, when renewal starts. */
  readonly renewAt: number;
}

/** Temporary keys being fetched, or fetched: the one renewal every waiting call shares. */
interface Renewal {
  readonly key: Promise<TemporaryKey>;
  /** The key id, once the keys arrived. */
  secretId?: string;
}

/** How the credential provider retries and reports, and its clock. */
export interface CredentialOptions {
  /** When and how a transient failure is retried: the API client passes its own, so every call has one policy. */
  readonly policy?: RetryPolicy;
  /** Where each retry is reported. */
  readonly log?: RetryLog;
  /** The local clock, Unix milliseconds; an option so tests can move it. */
  readonly now?: () => number;
}

/**
 * The credential chain's runtime: `getCredential()` answers the keys to sign with (the SDK calls it as a
 * `DynamicCredential` before each request), renewing temporary ones before they expire.
 */
export class CredentialProvider {
  private current: Renewal | undefined;
  /** Every secret this provider has handled, so that no message can carry one. */
  private readonly known = new Set<string>();
  private accountCheck: Promise<void> | undefined;
  private readonly policy: RetryPolicy;
  private readonly log: RetryLog;
  private readonly now: () => number;

  /**
   * @param settings - the source, STS's endpoint and the account guard.
   * @param options - the retry policy (absent: the provider's), the retry log, the clock.
   */
  constructor(
    private readonly settings: CredentialSettings,
    options: CredentialOptions = {},
  ) {
    this.policy = options.policy ?? retryPolicy;
    this.log = options.log ?? { retrying: () => undefined };
    this.now = options.now ?? Date.now;
    const source = settings.source;
    if (source.kind === "keyPair" || source.kind === "assumeRole") this.remember(source.keyPair);
    if (source.kind === "webIdentity" && source.token) this.known.add(source.token);
  }

  /** Whether the keys are temporary ones this provider can renew. */
  get renewable(): boolean {
    return this.settings.source.kind !== "keyPair";
  }

  /** Every secret handled so far (keys, tokens, OIDC tokens), to be removed from any message. */
  secrets(): string[] {
    return [...this.known];
  }

  /** The keys to sign the next request with. */
  async getCredential(): Promise<SigningCredential> {
    const source = this.settings.source;
    if (source.kind === "keyPair") return source.keyPair;
    for (let fetched = false; ; ) {
      if (this.current === undefined) {
        const renewal: Renewal = {
          key: this.fetch(source).then((key) => {
            renewal.secretId = key.secretId;
            return key;
          }),
        };
        this.current = renewal;
        fetched = true;
      }
      const pending = this.current;
      let key: TemporaryKey;
      try {
        key = await pending.key;
      } catch (error) {
        // A failed fetch is not kept: the next call tries again.
        if (this.current === pending) this.current = undefined;
        throw error;
      }
      // Keys just fetched are used even if short-lived; kept ones are renewed once their margin is reached.
      if (fetched || this.now() < key.renewAt) {
        return { secretId: key.secretId, secretKey: key.secretKey, token: key.token };
      }
      if (this.current === pending) this.current = undefined;
    }
  }

  /**
   * Drops the temporary keys, so the next call gets new ones: the service said they expired. Given the
   * key id a refused call was signed with, keys renewed since (by a call running beside it), or being
   * renewed, are kept, so that many calls refused together share one renewal.
   */
  invalidate(secretId?: string): void {
    if (secretId === undefined || secretId === this.current?.secretId) this.current = undefined;
  }

  /**
   * Checks, once for this provider, that the caller's account (STS GetCallerIdentity) is allowed and not
   * forbidden; does nothing when neither list is set. Throws a CredentialError naming the account.
   */
  checkAccount(): Promise<void> {
    const { allowedAccountIds: allowed, forbiddenAccountIds: forbidden } = this.settings;
    if (allowed.length === 0 && forbidden.length === 0) return Promise.resolve();
    this.accountCheck ??= (async () => {
      // Signed with keys fetched before each attempt, not by the SDK: a renewal that fails for good then fails
      // as itself, instead of as the network error the SDK would make of it (which would be retried).
      const answer = await this.sts("GetCallerIdentity", {}, () => this.getCredential());
      const { AccountId: account } = v.parse(callerIdentity, answer);
      if (allowed.length > 0 && !allowed.includes(account)) {
        throw new AccountRefusedError(
          withConfigNamespace(
            `The credentials belong to Tencent Cloud account ${account}, which tencentcloud-member-email:allowedAccountIds does not ` +
              `allow (allowed: ${allowed.join(", ")}). Nothing was read or changed: use the credentials of an allowed ` +
              "account, or add this one to the list.",
            this.settings.configNamespace,
          ),
        );
      }
      if (forbidden.includes(account)) {
        throw new AccountRefusedError(
          withConfigNamespace(
            `The credentials belong to Tencent Cloud account ${account}, which tencentcloud-member-email:forbiddenAccountIds forbids. ` +
              "Nothing was read or changed: use the credentials of another account.",
            this.settings.configNamespace,
          ),
        );
      }
    })();
    // A refusal stays a refusal; a failure to ask (network) is tried again by the next call.
    this.accountCheck.catch((error: unknown) => {
      if (!(error instanceof AccountRefusedError)) this.accountCheck = undefined;
    });
    return this.accountCheck;
  }

  private remember(key: Partial<SigningCredential>): void {
    for (const secret of [key.secretId, key.secretKey, key.token]) if (secret) this.known.add(secret);
  }

  private async fetch(source: Exclude<CredentialSource, { kind: "keyPair" }>): Promise<TemporaryKey> {
    const requestedAt = this.now();
    // The renewal's steps (read the token file, then ask STS) share one time budget.
    const startedAt = Date.now();
    let answer: v.InferOutput<typeof temporaryAnswer>;
    switch (source.kind) {
      case "assumeRole":
        answer = v.parse(
          temporaryAnswer,
          await this.sts(
            "AssumeRole",
            {
              RoleArn: source.role.roleArn,
              RoleSessionName: source.role.sessionName,
              DurationSeconds: source.role.durationSeconds,
              ...(source.externalId ? { ExternalId: source.externalId } : {}),
              // Tencent documents Policy as URL-encoded JSON; the setting is the JSON itself, as in Tencent's Terraform provider.
              ...(source.policy ? { Policy: encodeURIComponent(source.policy) } : {}),
            },
            source.keyPair,
          ),
        );
        break;
      case "webIdentity": {
        const token = source.token ?? (await this.readTokenFile(source.tokenFile ?? "", startedAt));
        answer = v.parse(
          temporaryAnswer,
          await this.sts(
            "AssumeRoleWithWebIdentity",
            {
              ProviderId: source.providerId,
              WebIdentityToken: token,
              RoleArn: source.role.roleArn,
              RoleSessionName: source.role.sessionName,
              DurationSeconds: source.role.durationSeconds,
            },
            undefined,
            startedAt,
          ),
        );
        break;
      }
      case "camRole":
        answer = await this.fromMetadata(source.roleName, source.metadataEndpoint);
        break;
    }
    const key = {
      secretId: answer.Credentials.TmpSecretId,
      secretKey: answer.Credentials.TmpSecretKey,
      token: answer.Credentials.Token,
    };
    this.remember(key);
    // The life is measured on the local clock from the moment of asking, so a skewed clock cannot stretch it.
    const lifeMs = Math.max(0, answer.ExpiredTime * 1000 - requestedAt);
    const marginMs = Math.min(MAX_RENEWAL_MARGIN_SECONDS * 1000, lifeMs * RENEW_WHEN_LIFE_LEFT);
    return { ...key, renewAt: requestedAt + lifeMs - marginMs };
  }

  /**
   * The token in `file`, read at each renewal: a CI system rewrites the file with fresh tokens. A file caught
   * empty or half-written while it is rewritten is read again, by the retry policy.
   */
  private readTokenFile(file: string, startedAt: number): Promise<string> {
    const configured =
      "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE (or tencentcloud-member-email:assumeRoleWithWebIdentity.webIdentityTokenFile)";
    const giveUp = (problem: string) => (attempts: number) =>
      new CredentialError(
        withConfigNamespace(
          `The web identity token file ${file} ${problem}${afterAttempts(attempts)}: check that the CI system writes ` +
            `its OIDC token there, and ${configured}.`,
          this.settings.configNamespace,
        ),
      );
    return retryAttempts(
      this.policy,
      `Reading the web identity token file ${file}`,
      async () => {
        let token: string;
        try {
          token = (await readFile(file, "utf8")).trim();
        } catch (error) {
          throw new CredentialError(
            withConfigNamespace(
              `The web identity token file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}): ` +
                `check ${configured}.`,
              this.settings.configNamespace,
            ),
          );
        }
        if (token === "") {
          // Stryker disable next-line ObjectLiteral,StringLiteral: the retry policy reads only that a token file failed, not how
          const emptyFile = { tokenFile: "empty" } as const;
          throw new FailedAttempt(emptyFile, "empty", giveUp("is empty"));
        }
        // What the file holds is never repeated, whole or in part: a part of a token is still a secret.
        if (!WHOLE_JWT.test(token)) {
          throw new FailedAttempt(
            // Stryker disable next-line ObjectLiteral,StringLiteral: the retry policy reads only that a token file failed, not how
            { tokenFile: "incomplete" },
            "not a whole token (a JWT of three dot-separated parts)",
            giveUp("does not hold a whole OIDC token (a JWT of three dot-separated parts)"),
          );
        }
        this.known.add(token);
        return token;
      },
      this.log,
      startedAt,
    );
  }

  /**
   * One STS call, retried by the policy: signed with `credential` (a key pair, or keys fetched before each
   * attempt), or unsigned (`Authorization: SKIP`) when it is undefined.
   *
   * @param startedAt - when the call (or the renewal it is a step of) started, for the time budget.
   */
  private sts(
    action: string,
    params: Record<string, unknown>,
    credential: KeyPair | (() => Promise<SigningCredential>) | undefined,
    startedAt: number = Date.now(),
  ): Promise<unknown> {
    return retryAttempts(
      this.policy,
      `STS ${action}`,
      async () => {
        const signing = typeof credential === "function" ? await credential() : credential;
        const client = new CommonClient(STS_HOST, STS_VERSION, {
          // Stryker disable next-line ObjectLiteral,StringLiteral: an unsigned call (skipSign) reads no key
          credential: signing ?? { secretId: "", secretKey: "" },
          region: STS_REGION,
          profile: {
            httpProfile: {
              protocol: this.settings.stsProtocol,
              endpoint: this.settings.stsHost,
              reqTimeout: REQUEST_TIMEOUT_SECONDS,
            },
          },
        });
        try {
          return await client.request(action, params, signing === undefined ? { skipSign: true } : {});
        } catch (error) {
          const fields = error as { code?: unknown; message?: unknown; requestId?: unknown };
          const code = typeof fields.code === "string" && fields.code !== "" ? fields.code : undefined;
          const requestId =
            typeof fields.requestId === "string" && fields.requestId !== "" ? fields.requestId : undefined;
          // An STS endpoint (or a proxy) may echo the request: the OIDC token, the key id.
          const detail = redact(typeof fields.message === "string" ? fields.message : String(error), this.secrets());
          const failure = code ?? noAnswerFailure(error);
          throw new FailedAttempt(
            failure,
            code ?? "no answer",
            (attempts) =>
              new CredentialError(
                `STS ${action} failed${this.subject()}${afterAttempts(attempts)}: ${code ?? "no answer"}: ${detail}` +
                  `${requestId ? ` (RequestId ${requestId})` : ""}${this.hostAdvice(failure, "stsEndpoint")}`,
              ),
            requestId,
          );
        }
      },
      this.log,
      startedAt,
    );
  }

  /**
   * What to do about a host that does not resolve, after a message that ends without a full stop: the setting the
   * host comes from, named as the settings were read (`stsEndpoint`, `metadataEndpoint`); nothing for another failure.
   */
  private hostAdvice(failure: Failure, setting: EndpointSetting): string {
    if (networkCodeOf(failure) !== "ENOTFOUND") return "";
    return `. ${unresolvedHostAdvice(setting, this.settings.configNamespace)}`;
  }

  private subject(): string {
    const source = this.settings.source;
    if (source.kind === "assumeRole" || source.kind === "webIdentity") return ` for role ${source.role.roleArn}`;
    return "";
  }

  /**
   * The CAM role's keys from the instance metadata service, retried by the policy when the service does not
   * answer, resets the connection, or answers a transient HTTP status (a 5xx).
   */
  private fromMetadata(roleName: string, endpoint: string): Promise<v.InferOutput<typeof temporaryAnswer>> {
    const url = `${endpoint}/latest/meta-data/cam/security-credentials/${encodeURIComponent(roleName)}`;
    const noCredentials =
      (reason: string, failure?: Failure) =>
      (attempts: number): CredentialError =>
        new CredentialError(
          `The instance metadata service at ${endpoint} gave no credentials for the CAM role ${roleName}` +
            `${afterAttempts(attempts)} (${reason})` +
            (this.hostAdvice(failure, "metadataEndpoint") ||
              ": check TENCENTCLOUD_CAM_ROLE_NAME and that the role is bound to this instance."),
        );
    return retryAttempts(
      this.policy,
      `The instance metadata service at ${endpoint}`,
      async () => {
        let body: unknown;
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000) });
          if (!response.ok) {
            await response.body?.cancel();
            const status = `HTTP ${response.status}`;
            throw new FailedAttempt({ httpStatus: response.status }, status, noCredentials(status));
          }
          body = await response.json();
        } catch (error) {
          if (error instanceof FailedAttempt) throw error;
          // JSON.parse's message quotes the text, which holds the keys: the reason is said without it.
          if (errorName(error) === "SyntaxError") throw noCredentials("the answer is not JSON")(1);
          const reason = noAnswerReason(error);
          const failure = noAnswerFailure(error);
          throw new FailedAttempt(failure, `no answer (${reason})`, noCredentials(reason, failure));
        }
        const parsed = v.safeParse(metadataAnswer, body);
        if (!parsed.success || (parsed.output.Code !== undefined && parsed.output.Code !== "Success")) {
          throw new CredentialError(
            `The instance metadata service at ${endpoint} answered no credentials for the CAM role ${roleName}.`,
          );
        }
        const { TmpSecretId, TmpSecretKey, Token, ExpiredTime } = parsed.output;
        return { Credentials: { TmpSecretId, TmpSecretKey, Token }, ExpiredTime };
      },
      this.log,
    );
  }
}

/**
 * The name of an error, read from the object: fetch's errors may come from another realm (a test runner's
 * sandbox), where `instanceof` fails.
 */
function errorName(error: unknown): string | undefined {
  const name = typeof error === "object" && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === "string" ? name : undefined;
}

/** Why a request got no answer, in words with no secret: a timeout, or fetch's message and the network's code. */
function noAnswerReason(error: unknown): string {
  if (errorName(error) === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_SECONDS} s`;
  const { message, cause } = (typeof error === "object" && error !== null ? error : {}) as {
    message?: unknown;
    cause?: { code?: unknown };
  };
  const text = typeof message === "string" ? message : String(error);
  return typeof cause?.code === "string" ? `${text}: ${cause.code}` : text;
}
