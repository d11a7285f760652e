import { isMaskedEmail } from "../resource/mask";
import type { Progress } from "./progress";
import {
  MAX_MEMBERS_PAGE_SIZE,
  type OrganizationApi,
  type OrganizationMember,
  type RemoteBinding,
} from "../api/client";

/** A member's email binding as discovery finds it: what a program needs to adopt it. */
export interface DiscoveredBinding {
  /** The member's account uin. */
  readonly memberUin: number;
  /** The member's name in the organization. */
  readonly name: string;
  /** The bound email, as Tencent Cloud holds it. */
  readonly email: string;
  /** The security phone's international calling code, such as `86`. */
  readonly countryCode: string;
  /** `Valid` (waiting for activation), `Success` or `Failed`. */
  readonly bindStatus: string;
  /** The binding's id. */
  readonly bindId: number;
  /** `Create` (created in the organization) or `Invite` (invited into it); empty when the listing does not say. */
  readonly memberType: string;
}

/** A member invited into the organization: Tencent Cloud binds no security information to it. */
export interface InvitedMember {
  /** The member's account uin. */
  readonly memberUin: number;
  /** The member's name in the organization. */
  readonly name: string;
}

/** What discovery found in the organization. */
export interface Discovery {
  /** How many members the organization has. */
  readonly members: number;
  /** Every member's binding that is not `Unbound`, in the order the members are listed. */
  readonly bindings: readonly DiscoveredBinding[];
  /** The members listed as invited (`MemberType` `Invite`), which cannot have an email bound. */
  readonly invited: readonly InvitedMember[];
  /** Whether the API answered emails masked (`12***@qq.com`): the bindings then hold the masked addresses. */
  readonly emailsHidden: boolean;
}

/** The calls discovery makes; the client paces each action to its own rate limit. */
export type DiscoveryApi = Pick<OrganizationApi, "describeOrganizationMembers" | "describeMemberEmailBind">;

/** A listed member and Describe's answer about it: undefined when it has no binding after all. */
export interface DescribedMember {
  /** The member as the listing shows it. */
  readonly member: OrganizationMember;
  /** What DescribeOrganizationMemberEmailBind answered. */
  readonly remote: RemoteBinding | undefined;
}

/** The organization as one listing, and the descriptions it asked for, found it. */
export interface Listing {
  /** How many members the organization has: the first page's total, or the members listed when more. */
  readonly total: number;
  /** Every member listed, in the order the members are listed. */
  readonly members: readonly OrganizationMember[];
  /** The members described, in the order the members are listed. */
  readonly described: readonly DescribedMember[];
  /** The members whose description failed (after the client's retries), in the order the members are listed. */
  readonly undescribed: readonly UndescribedMember[];
}

/** A listed member whose DescribeOrganizationMemberEmailBind failed, and why. */
export interface UndescribedMember {
  /** The member as the listing shows it. */
  readonly member: OrganizationMember;
  /** What the call threw: a MemberEmailApiError once the client gave up, or another error. */
  readonly error: unknown;
}

/** A description that succeeded or failed. */
type Settled = { readonly value: DescribedMember } | { readonly failure: UndescribedMember };

/**
 * Pages every member of the organization (DescribeOrganizationMembers, 50 a page) and describes each member
 * `shouldDescribe` picks (DescribeOrganizationMemberEmailBind). Pages and descriptions are all queued at once,
 * each description as soon as its page arrives, and the client's per-action limiter paces them, so an
 * organization takes as long as the rate limit says and no longer. `progress` hears the organization's size as
 * a line, and its `status` the counts listed and described after each page and each description, for a person
 * watching a long run (the caller decides how often to show them). A description that fails (after the client's retries) does not stop the others: it is
 * answered among `undescribed`, for the caller to report or throw. A page that fails is thrown.
 */
export async function listAndDescribe(
  api: DiscoveryApi,
  shouldDescribe: (member: OrganizationMember) => boolean,
  progress: Progress,
): Promise<Listing> {
  let described = 0;
  let toDescribe = 0;
  let count = 0;
  let total = 0;
  const counts = (): void =>
    progress.status?.(
      `Listed ${count} of ${total} members; described ${described} of the ${toDescribe} to describe so far.`,
    );
  const describe = (members: readonly OrganizationMember[]): Promise<Settled>[] => {
    const needed = members.filter((member) => shouldDescribe(member));
    toDescribe += needed.length;
    // Each settles at once: a failure while pages are still listed must not go unhandled (Node.js ends the
    // process for that).
    return needed.map((member) =>
      api.describeMemberEmailBind(member.memberUin).then(
        (remote) => {
          described += 1;
          counts();
          return { value: { member, remote } };
        },
        (error: unknown) => ({ failure: { member, error } }),
      ),
    );
  };

  const first = await api.describeOrganizationMembers(0, MAX_MEMBERS_PAGE_SIZE);
  progress(`The organization has ${first.total} members; listing them ${MAX_MEMBERS_PAGE_SIZE} at a time.`);
  total = first.total;
  count = first.members.length;
  // One slot a page, in the order the members are listed: as many pages as the first page's total needs.
  const pageCount = Math.max(1, Math.ceil(first.total / MAX_MEMBERS_PAGE_SIZE));
  const listed: (readonly OrganizationMember[])[] = Array.from({ length: pageCount }, () => []);
  const descriptions: Promise<Settled>[][] = Array.from({ length: pageCount }, () => []);
  listed[0] = first.members;
  descriptions[0] = describe(first.members);
  counts();
  const pages = listed.slice(1).map((_, before) => {
    const index = before + 1;
    return api.describeOrganizationMembers(index * MAX_MEMBERS_PAGE_SIZE, MAX_MEMBERS_PAGE_SIZE).then((page) => {
      listed[index] = page.members;
      descriptions[index] = describe(page.members);
      count += page.members.length;
      counts();
    });
  });
  await Promise.all(pages);
  const settled = await Promise.all(descriptions.flat());
  const members = listed.flat();
  const describedMembers = settled.flatMap((result) => ("value" in result ? [result.value] : []));
  const undescribed = settled.flatMap((result) => ("failure" in result ? [result.failure] : []));
  return { total: Math.max(first.total, members.length), members, described: describedMembers, undescribed };
}

/**
 * Pages every member of the organization (DescribeOrganizationMembers, 50 a page) and describes each
 * binding the listing does not show as `Unbound` (DescribeOrganizationMemberEmailBind). Pages and
 * descriptions are all queued at once, and the client's per-action limiter paces them, so an
 * organization takes as long as the rate limit says and no longer. `progress` hears what listAndDescribe
 * tells it. The first description that failed is thrown once every page is listed: a
 * team file missing a binding would adopt less than the organization holds.
 */
export async function discoverBindings(api: DiscoveryApi, progress: Progress = () => undefined): Promise<Discovery> {
  // A member the listing shows without a status is described too: only `Unbound` is known to have no binding.
  const listing = await listAndDescribe(api, (member) => member.bindStatus !== "Unbound", progress);
  if (listing.undescribed.length > 0) throw listing.undescribed[0].error;
  const bindings = listing.described.flatMap(({ member, remote }): DiscoveredBinding[] => {
    // The listing can be a moment older than the binding: Describe's answer is the one that counts.
    if (!remote) return [];
    const { bindId, email, countryCode, bindStatus } = remote;
    const { memberUin, name, memberType } = member;
    return [{ memberUin, name, email, countryCode, bindStatus, bindId, memberType }];
  });
  const invited: InvitedMember[] = listing.members
    .filter((member) => member.memberType === "Invite")
    .map(({ memberUin, name }) => ({ memberUin, name }));
  invited.sort((a, b) => a.memberUin - b.memberUin);
  const emailsHidden = bindings.some((binding) => isMaskedEmail(binding.email));
  return { members: listing.total, bindings, invited, emailsHidden };
}

/** How many of the bindings are in each state, for the summary. */
export interface DiscoverySummary {
  /** Members of the organization. */
  readonly members: number;
  /** Members with a binding. */
  readonly bound: number;
  /** Bindings waiting for the member to activate them (`Valid`). */
  readonly waiting: number;
  /** Active bindings (`Success`). */
  readonly active: number;
  /** Failed bindings (`Failed`). */
  readonly failed: number;
  /** Invited members, which cannot have an email bound. */
  readonly invited: number;
}

/** Counts a discovery's bindings by status. */
export function summarize(discovery: Discovery): DiscoverySummary {
  const count = (status: string): number =>
    discovery.bindings.filter((binding) => binding.bindStatus === status).length;
  return {
    members: discovery.members,
    bound: discovery.bindings.length,
    waiting: count("Valid"),
    active: count("Success"),
    failed: count("Failed"),
    invited: discovery.invited.length,
  };
}
