/**
 * Two Tencent Cloud organizations, each an emulator of its own with its own organization id, management
 * account and key pair: what one stack with an explicit provider per organization manages.
 */
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";

/** One organization: its emulator, its management account (what GetCallerIdentity answers) and members. */
export interface Organization {
  readonly emulator: Emulator;
  /** The account the organization's key pair belongs to. */
  readonly accountId: string;
  /** Its members' uins. */
  readonly members: readonly number[];
  /** The email domain the tests allow under this organization's provider. */
  readonly domain: string;
}

/** Organization A (the emulator's demo organization and key pair) and organization B (other ids, other keys). */
export interface TwoOrganizations {
  readonly a: Organization;
  readonly b: Organization;
  /** Stops both emulators. */
  stop(): Promise<void>;
}

/** Starts the two organizations. */
export async function startTwoOrganizations(): Promise<TwoOrganizations> {
  const aMembers = [100000000001, 100000000002, 100000000003];
  const bMembers = [200000000001, 200000000002];
  const a = await startEmulator({ members: aMembers });
  const b = await startEmulator({
    members: bMembers,
    organizationId: 46000002,
    hostUin: 200000000000,
    credentials: { secretId: "AKIDorgBexample0000000000000000000", secretKey: "orgB-example-secret-key-0000000000" },
  });
  return {
    a: { emulator: a, accountId: "100000000000", members: aMembers, domain: "a.example.com" },
    b: { emulator: b, accountId: "200000000000", members: bMembers, domain: "b.example.org" },
    stop: async () => {
      await a.stop();
      await b.stop();
    },
  };
}

/** The members an organization's emulator holds a binding for, in uin order. */
export function boundMembers(organization: Organization): number[] {
  return organization.emulator
    .bindings()
    .map((binding) => binding.memberUin)
    .sort((x, y) => x - y);
}

/** A mobile number for a member, distinct per member, valid for country code 86. */
export function phoneOf(memberUin: number): string {
  return `1380013${String(memberUin).slice(-4)}`;
}
