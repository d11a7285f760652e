/** The bindings the benchmarks create: one per member of the emulator's default member set. */
import { DEMO_FIRST_MEMBER_UIN, DEMO_LAST_MEMBER_UIN } from "tencentcloud-organization-emulator";

/** The inputs of one benchmark binding, as a program or a direct `create` call passes them. */
export interface BenchBinding {
  /** The member's uin, from the emulator's default member set. */
  readonly memberUin: number;
  /** An address of its own, so no two bindings share one. */
  readonly email: string;
  /** Always "86". */
  readonly countryCode: string;
  /** A phone of its own: the API allows only a few members per phone. */
  readonly phone: string;
}

/**
 * The first `count` members of the emulator's default set, each with its own email and phone. Throws when
 * the default set is too small, rather than failing halfway through a run with unknown members.
 */
export function benchBindings(count: number): BenchBinding[] {
  const available = DEMO_LAST_MEMBER_UIN - DEMO_FIRST_MEMBER_UIN + 1;
  if (count > available) {
    throw new RangeError(`The emulator's default member set holds ${available} members; ${count} bindings were asked for.`);
  }
  return Array.from({ length: count }, (_, index) => {
    const memberUin = DEMO_FIRST_MEMBER_UIN + index;
    return {
      memberUin,
      email: `bench-${memberUin}@example.com`,
      countryCode: "86",
      // 138 is a Chinese mobile prefix, so libphonenumber accepts the number as a real mobile's length.
      phone: `138${String(index).padStart(8, "0")}`,
    };
  });
}
