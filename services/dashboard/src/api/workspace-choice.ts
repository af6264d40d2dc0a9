const KEY = 'ir_workspace';

/**
 * The workspace this browser works in. The gateway's refresh falls back to the account's earliest
 * workspace, and the access-token cookie is gone when it expires, so the choice is kept here and
 * sent with every refresh. localStorage, like the session cookies, is shared by the tabs.
 */
export function rememberedWorkspace(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined;
  } catch {
    // Storage can be disabled (privacy settings): refreshes then land in the earliest workspace.
    return undefined;
  }
}

/** Records the current workspace; undefined forgets it (sign-out, or no longer a member). */
export function rememberWorkspace(id: string | undefined): void {
  try {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
  } catch {
    // See rememberedWorkspace.
  }
}
