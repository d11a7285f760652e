import { createHash, randomBytes } from "node:crypto";
import type { CamPolicy } from "./cam";
import type { KnownKey } from "./signature";
import type { EmulatorCredentials, EmulatorIssuedCredentials } from "./types";

/** Who a key acts as: what GetCallerIdentity answers for it. */
export interface CallerIdentity {
  /** The account (root uin) the key belongs to. */
  readonly accountId: string;
  /** The caller's resource name. */
  readonly arn: string;
  /** The caller's user id. */
  readonly userId: string;
  /** The id of the principal: the account's uin, or the role's id. */
  readonly principalId: string;
  /** `RootAccount` for the configured key pair, `CAMRole` for keys issued by AssumeRole or AssumeRoleWithWebIdentity. */
  readonly type: "RootAccount" | "CAMRole";
}

/** Whose CAM policies apply to a key's requests. */
export interface KeyGrant {
  /** The key of `policies` that holds them: the key pair's SecretId, or the ARN of the role a temporary key acts as. */
  readonly principal: string;
  /** How a refusal names the principal: an ARN, never a SecretId, SecretKey or token. */
  readonly name: string;
  /** The session policy AssumeRole was given (its `Policy`), which narrows the role's policies; absent: none. */
  readonly sessionPolicy?: CamPolicy;
}

/** A key the emulator accepts, and who it acts as. */
export interface SigningKey extends KnownKey {
  /** The key id, sent in clear in the `Authorization` header. */
  readonly secretId: string;
  /** Who the key acts as. */
  readonly identity: CallerIdentity;
  /** Whose policies authorize its requests. */
  readonly grant: KeyGrant;
}

/**
 * The keys the emulator accepts: the configured key pair (acting as the root account `accountId`), and
 * the temporary keys STS issued, each with its expiry on the emulator's clock. Temporary keys are kept in
 * memory only: a restarted emulator knows none of them, as a client that restarts with it would expect.
 */
export class KeyRing {
  private readonly temporary = new Map<string, SigningKey>();
  private readonly permanent: SigningKey;

  /**
   * @param credentials - the configured key pair (a token with it makes every request carry that token).
   * @param accountId - the account the key pair belongs to.
   */
  constructor(credentials: EmulatorCredentials, accountId: string) {
    const arn = `qcs::cam::uin/${accountId}:uin/${accountId}`;
    this.permanent = {
      ...credentials,
      identity: { accountId, arn, userId: accountId, principalId: accountId, type: "RootAccount" },
      grant: { principal: credentials.secretId, name: arn },
    };
  }

  /** The key a SecretId names, expired temporary keys included (the signature check refuses those). */
  find(secretId: string): SigningKey | undefined {
    return secretId === this.permanent.secretId ? this.permanent : this.temporary.get(secretId);
  }

  /** Every temporary key issued so far, expired ones included, oldest first. */
  issued(): EmulatorIssuedCredentials[] {
    return [...this.temporary.values()].map(({ secretId, secretKey, token, expiresAt }) => ({
      secretId,
      secretKey,
      token: token ?? "",
      expiresAt: expiresAt ?? 0,
    }));
  }

  /** Issues a temporary key acting as `identity` under `grant`, accepted until `expiresAt` (Unix seconds). */
  issue(identity: CallerIdentity, grant: KeyGrant, expiresAt: number): EmulatorIssuedCredentials {
    // Shaped like Tencent's: an AKID id and long random secret and token, none derived from another.
    const secretId = `AKID${randomBytes(24).toString("hex").toUpperCase()}`;
    const secretKey = randomBytes(24).toString("base64url");
    const token = randomBytes(96).toString("base64url");
    this.temporary.set(secretId, { secretId, secretKey, token, expiresAt, identity, grant });
    return { secretId, secretKey, token, expiresAt };
  }
}

/** A stable id for a role, derived from its ARN, as GetCallerIdentity's PrincipalId answers it. */
export function roleId(roleArn: string): string {
  return `46${BigInt(`0x${createHash("sha256").update(roleArn).digest("hex").slice(0, 12)}`)
    .toString()
    .padStart(15, "0")
    .slice(0, 15)}`;
}
