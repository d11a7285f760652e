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
 */
import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { readFile } from "node:fs/promises";
import * as v from "valibot";
import { redact, withConfigNamespace } from "./errors";
import type { CredentialSettings, CredentialSource, KeyPair } from "./credential-settings";

const STS_HOST = "sts.tencentcloudapi.com";
const STS_VERSION = "2018-08-13";
// STS answers in every region; the SDK's own credential classes name this one.
const STS_REGION = "ap-guangzhou";
const REQUEST_TIMEOUT_SECONDS = 15;

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

/**
 * The credential chain's runtime: `getCredential()` answers the keys to sign with (the SDK calls it as a
 * `DynamicCredential` before each request), renewing temporary ones before they expire.
 */
export class CredentialProvider {
  private current: Promise<TemporaryKey> | undefined;
  /** Every secret this provider has handled, so that no message can carry one. */
  private readonly known = new Set<string>();
  private accountCheck: Promise<void> | undefined;
  /** The id of the temporary key fetched last. */
  private latestSecretId: string | undefined;

  /**
   * @param settings - the source, STS's endpoint and the account guard.
   * @param now - the local clock, Unix milliseconds; a parameter so tests can move it.
   */
  constructor(
    private readonly settings: CredentialSettings,
    private readonly now: () => number = Date.now,
  ) {
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
        this.current = this.fetch(source);
        fetched = true;
      }
      const pending = this.current;
      let key: TemporaryKey;
      try {
        key = await pending;
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
   * key id a refused call was signed with, keys renewed since (by a call running beside it) are kept, so
   * that many calls refused together renew once.
   */
  invalidate(secretId?: string): void {
    if (secretId === undefined || secretId === this.latestSecretId) this.current = undefined;
  }

  /**
   * Checks, once for this provider, that the caller's account (STS GetCallerIdentity) is allowed and not
   * forbidden; does nothing when neither list is set. Throws a CredentialError naming the account.
   */
  checkAccount(): Promise<void> {
    const { allowedAccountIds: allowed, forbiddenAccountIds: forbidden } = this.settings;
    if (allowed.length === 0 && forbidden.length === 0) return Promise.resolve();
    this.accountCheck ??= (async () => {
      const answer = await this.sts("GetCallerIdentity", {}, this);
      const { AccountId: account } = v.parse(callerIdentity, answer);
      if (allowed.length > 0 && !allowed.includes(account)) {
        throw new AccountRefusedError(
          withConfigNamespace(
            `The credentials belong to Tencent Cloud account ${account}, which tencentcloud:allowedAccountIds does not ` +
              `allow (allowed: ${allowed.join(", ")}). Nothing was read or changed: use the credentials of an allowed ` +
              "account, or add this one to the list.",
            this.settings.configNamespace,
          ),
        );
      }
      if (forbidden.includes(account)) {
        throw new AccountRefusedError(
          withConfigNamespace(
            `The credentials belong to Tencent Cloud account ${account}, which tencentcloud:forbiddenAccountIds forbids. ` +
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
              ...(source.policy ? { Policy: source.policy } : {}),
            },
            source.keyPair,
          ),
        );
        break;
      case "webIdentity": {
        const token = source.token ?? (await this.readTokenFile(source.tokenFile ?? ""));
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
    this.latestSecretId = key.secretId;
    // The life is measured on the local clock from the moment of asking, so a skewed clock cannot stretch it.
    const lifeMs = Math.max(0, answer.ExpiredTime * 1000 - requestedAt);
    const marginMs = Math.min(MAX_RENEWAL_MARGIN_SECONDS * 1000, lifeMs * RENEW_WHEN_LIFE_LEFT);
    return { ...key, renewAt: requestedAt + lifeMs - marginMs };
  }

  private async readTokenFile(file: string): Promise<string> {
    let token: string;
    try {
      // Read at each renewal: a CI system rewrites the file with a fresh token.
      token = (await readFile(file, "utf8")).trim();
    } catch (error) {
      throw new CredentialError(
        withConfigNamespace(
          `The web identity token file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}): ` +
            "check TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE (or tencentcloud:assumeRoleWithWebIdentity.webIdentityTokenFile).",
          this.settings.configNamespace,
        ),
      );
    }
    if (token === "") throw new CredentialError(`The web identity token file ${file} is empty.`);
    this.known.add(token);
    return token;
  }

  /** One STS call, signed with `credential` (undefined = unsigned, `Authorization: SKIP`). */
  private async sts(
    action: string,
    params: Record<string, unknown>,
    credential: KeyPair | CredentialProvider | undefined,
  ): Promise<unknown> {
    const client = new CommonClient(STS_HOST, STS_VERSION, {
      credential: credential ?? { secretId: "", secretKey: "" },
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
      return await client.request(action, params, credential === undefined ? { skipSign: true } : {});
    } catch (error) {
      const fields = error as { code?: unknown; message?: unknown; requestId?: unknown };
      const code = typeof fields.code === "string" && fields.code !== "" ? fields.code : "no answer";
      const requestId = typeof fields.requestId === "string" && fields.requestId !== "" ? fields.requestId : undefined;
      const detail = redact(typeof fields.message === "string" ? fields.message : String(error), this.secrets());
      throw new CredentialError(
        `STS ${action} failed${this.subject()}: ${code}: ${detail}${requestId ? ` (RequestId ${requestId})` : ""}`,
      );
    }
  }

  private subject(): string {
    const source = this.settings.source;
    if (source.kind === "assumeRole" || source.kind === "webIdentity") return ` for role ${source.role.roleArn}`;
    return "";
  }

  private async fromMetadata(roleName: string, endpoint: string): Promise<v.InferOutput<typeof temporaryAnswer>> {
    const url = `${endpoint}/latest/meta-data/cam/security-credentials/${encodeURIComponent(roleName)}`;
    let body: unknown;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new CredentialError(
        `The instance metadata service at ${endpoint} gave no credentials for the CAM role ${roleName} ` +
          `(${error instanceof Error ? error.message : String(error)}): check TENCENTCLOUD_CAM_ROLE_NAME and that ` +
          "the role is bound to this instance.",
      );
    }
    const parsed = v.safeParse(metadataAnswer, body);
    if (!parsed.success || (parsed.output.Code !== undefined && parsed.output.Code !== "Success")) {
      throw new CredentialError(
        `The instance metadata service at ${endpoint} answered no credentials for the CAM role ${roleName}.`,
      );
    }
    const { TmpSecretId, TmpSecretKey, Token, ExpiredTime } = parsed.output;
    return { Credentials: { TmpSecretId, TmpSecretKey, Token }, ExpiredTime };
  }
}
