import Bottleneck from "bottleneck";
import type { Emulator } from "tencentcloud-organization-emulator";
import { organizationClient } from "./organization-client";

/** A binding made outside Pulumi, in the state it is left in. */
export interface OutsideBinding {
  readonly memberUin: number;
  readonly email: string;
  readonly countryCode: string;
  readonly phone: string;
  readonly status: "Valid" | "Success" | "Failed";
}

/** An organization of `memberCount` members from 100000000001 on. */
export function organizationMembers(memberCount: number): number[] {
  return Array.from({ length: memberCount }, (_, index) => 100000000001 + index);
}

const countries = [
  { countryCode: "86", phone: (n: number) => `139${String(n).padStart(8, "0")}` },
  { countryCode: "1", phone: (n: number) => `20255${String(n).padStart(5, "0")}` },
  { countryCode: "44", phone: (n: number) => `74001${String(n).padStart(5, "0")}` },
];
const statuses = ["Valid", "Success", "Failed"] as const;

/**
 * `boundCount` bindings spread over the members (every other member from the first on, then the rest),
 * in turn waiting for activation, active and failed, with three country codes and some emails in mixed
 * case, as an organization bound through the console looks.
 */
export function mixedBindings(members: readonly number[], boundCount: number): OutsideBinding[] {
  const even = members.filter((_, index) => index % 2 === 0);
  const odd = members.filter((_, index) => index % 2 === 1);
  return [...even, ...odd].slice(0, boundCount).map((memberUin, index) => {
    const country = countries[index % countries.length];
    const local = index % 7 === 0 ? `Member.${memberUin}` : `member.${memberUin}`;
    return {
      memberUin,
      email: `${local}@example.com`,
      countryCode: country.countryCode,
      phone: country.phone(index),
      status: statuses[Math.floor(index / countries.length) % statuses.length],
    };
  });
}

/**
 * Binds each member through the official SDK as the console would (paced under the emulator's 20
 * requests a second), then activates or fails each binding as its member or Tencent Cloud would.
 * Answers the BindIds by member.
 */
export async function bindOutsidePulumi(
  emulator: Emulator,
  bindings: readonly OutsideBinding[],
): Promise<Map<number, number>> {
  const client = organizationClient(emulator);
  const limiter = new Bottleneck({ minTime: 60 });
  const bindIds = new Map<number, number>();
  await Promise.all(
    bindings.map((binding) =>
      limiter.schedule(async () => {
        const made = await client.AddOrganizationMemberEmail({
          MemberUin: binding.memberUin,
          Email: binding.email,
          CountryCode: binding.countryCode,
          Phone: binding.phone,
        });
        bindIds.set(binding.memberUin, made.BindId as number);
      }),
    ),
  );
  for (const binding of bindings) {
    if (binding.status === "Success") emulator.activate(binding.memberUin);
    if (binding.status === "Failed") emulator.fail(binding.memberUin, "The member did not confirm the email in time.");
  }
  return bindIds;
}

/** What discovery should list for these bindings: one entry each, in uin order, with the BindIds they got. */
export function expectedDiscovery(
  bindings: readonly OutsideBinding[],
  bindIds: ReadonlyMap<number, number>,
): unknown[] {
  return bindings
    .map((binding) => ({
      memberUin: binding.memberUin,
      name: expect.any(String),
      email: binding.email,
      countryCode: binding.countryCode,
      bindStatus: binding.status,
      bindId: bindIds.get(binding.memberUin),
      memberType: "Create",
    }))
    .sort((a, b) => a.memberUin - b.memberUin);
}
