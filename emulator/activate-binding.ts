import { formatApiTime } from "./format-api-time";
import type { BindingStore } from "./store";
import type { EmulatorBinding } from "./types";

/**
 * Does what the member does by clicking the link in the activation email, which no API action can do:
 * the binding becomes `Success` with `BindTime` now. Activating an active binding changes nothing.
 * Throws when the member has no binding.
 */
export function activateBinding(store: BindingStore, memberUin: number, now: Date): EmulatorBinding {
  return store.transaction(() => {
    const binding = store.findByMember(memberUin);
    if (binding === undefined) {
      throw new Error(`Member ${memberUin} has no email binding to activate.`);
    }
    if (binding.status === "Success") {
      return binding;
    }
    const activated: EmulatorBinding = { ...binding, status: "Success", bindTime: formatApiTime(now) };
    store.replace(activated);
    return activated;
  });
}
