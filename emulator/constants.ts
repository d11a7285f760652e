/** Port the emulator's command line listens on when neither `--port` nor `EMULATOR_PORT` says otherwise. */
export const DEFAULT_EMULATOR_PORT = 9217;

/** SecretId of the demo key pair the emulator accepts when started without `credentials`. */
export const DEMO_SECRET_ID = "AKIDmemberEmailEmulatorDemo00000000";

/** SecretKey of the demo key pair the emulator accepts when started without `credentials`. */
export const DEMO_SECRET_KEY = "memberEmailEmulatorDemoSecretKey";

/** First uin of the demo organization's members. */
export const DEMO_FIRST_MEMBER_UIN = 100000000001;

/** Last uin (inclusive) of the demo organization's members. */
export const DEMO_LAST_MEMBER_UIN = 100000002000;

/**
 * Member uins of the demo organization, used when the emulator is started without `members`:
 * 100000000001 through 100000002000 inclusive (2000 members).
 */
export const DEMO_MEMBERS: readonly number[] = Object.freeze(
  Array.from({ length: DEMO_LAST_MEMBER_UIN - DEMO_FIRST_MEMBER_UIN + 1 }, (_, index) => DEMO_FIRST_MEMBER_UIN + index),
);

/** Requests per second each action accepts when `rateLimitPerSecond` is absent: the documented limit. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 20;

/**
 * Bindings the organization may create per UTC day when `dailyBindQuota` is absent. Tencent Cloud does
 * not publish its number; this one is high enough for the demo and the benchmarks.
 */
export const DEFAULT_DAILY_BIND_QUOTA = 5000;

/**
 * Members that may share one security phone (country code + number) when `maxMembersPerPhone` is
 * absent. Tencent Cloud does not publish its number.
 */
export const DEFAULT_MAX_MEMBERS_PER_PHONE = 5;
