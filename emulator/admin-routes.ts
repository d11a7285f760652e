import { activateBinding } from "./activate-binding";
import type { BindingStore } from "./store";
import type { EmulatorBinding } from "./types";

/** A request to one of the emulator's own routes under `/emulator/`, which are not part of the API. */
export interface AdminRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path, such as `/emulator/activate`. */
  readonly path: string;
  /** The raw body. */
  readonly body: Buffer;
}

/** The answer to an admin request: an HTTP status and a JSON body. */
export interface AdminAnswer {
  /** HTTP status: 200, 400 (bad body), 404 (no such route or binding), 405 (wrong method). */
  readonly status: number;
  /** JSON body; failures carry `{"Error": "<sentence>"}`. */
  readonly body: unknown;
}

/** Prefix of the admin routes, kept apart from the API's `POST /`. */
export const ADMIN_PREFIX = "/emulator/";

/**
 * Serves the routes that stand in for what happens outside the API, for demos and for tests that run
 * the emulator in another process. They need no signature: the emulator only listens on 127.0.0.1.
 *
 * - `POST /emulator/activate` `{"MemberUin": n}`: the member activates the binding (status `Success`).
 * - `POST /emulator/unbind` `{"MemberUin": n}`: the binding is removed outside the API.
 * - `GET /emulator/bindings`: every stored binding, phone unmasked.
 */
export function handleAdminRequest(request: AdminRequest, store: BindingStore, now: () => Date): AdminAnswer {
  switch (request.path) {
    case `${ADMIN_PREFIX}activate`:
      return withMemberUin(request, "POST", (memberUin) => {
        if (store.findByMember(memberUin) === undefined) {
          return notFound(memberUin);
        }
        return { status: 200, body: toAdminBinding(activateBinding(store, memberUin, now())) };
      });
    case `${ADMIN_PREFIX}unbind`:
      return withMemberUin(request, "POST", (memberUin) =>
        store.remove(memberUin) ? { status: 200, body: { MemberUin: memberUin, Removed: true } } : notFound(memberUin),
      );
    case `${ADMIN_PREFIX}bindings`:
      if (request.method !== "GET") {
        return methodNotAllowed("GET", request.path);
      }
      return { status: 200, body: { Bindings: store.all().map(toAdminBinding) } };
    default:
      return {
        status: 404,
        body: { Error: `No admin route ${request.path}: use POST ${ADMIN_PREFIX}activate, POST ${ADMIN_PREFIX}unbind or GET ${ADMIN_PREFIX}bindings.` },
      };
  }
}

function withMemberUin(request: AdminRequest, method: string, act: (memberUin: number) => AdminAnswer): AdminAnswer {
  if (request.method !== method) {
    return methodNotAllowed(method, request.path);
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString("utf8"));
  } catch {
    return badRequest();
  }
  const memberUin = typeof body === "object" && body !== null ? (body as Record<string, unknown>).MemberUin : undefined;
  if (typeof memberUin !== "number" || !Number.isSafeInteger(memberUin) || memberUin <= 0) {
    return badRequest();
  }
  return act(memberUin);
}

function toAdminBinding(binding: EmulatorBinding): Record<string, unknown> {
  return {
    MemberUin: binding.memberUin,
    BindId: binding.bindId,
    Email: binding.email,
    CountryCode: binding.countryCode,
    Phone: binding.phone,
    BindStatus: binding.status,
    ApplyTime: binding.applyTime,
    BindTime: binding.bindTime,
  };
}

function badRequest(): AdminAnswer {
  return { status: 400, body: { Error: 'The body must be JSON like {"MemberUin": 100000000001}.' } };
}

function notFound(memberUin: number): AdminAnswer {
  return { status: 404, body: { Error: `Member ${memberUin} has no email binding.` } };
}

function methodNotAllowed(method: string, path: string): AdminAnswer {
  return { status: 405, body: { Error: `Use ${method} ${path}.` } };
}
