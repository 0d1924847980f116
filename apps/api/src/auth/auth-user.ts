/** The authenticated caller as the HTTP layer knows it (set on `req.user` by the auth guard). */
import type { Actor, Role } from '@shenbao/domain';

export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
  /** The access token this request came with (set by the guard): for signing out just this one. */
  session?: { tokenId: string; expiresAt: number };
}

export function toActor(user: AuthUser): Actor {
  return {
    userId: user.id,
    role: user.role,
    ...(user.cityCode !== undefined ? { cityCode: user.cityCode } : {}),
    ...(user.districtCode !== undefined ? { districtCode: user.districtCode } : {}),
    ...(user.expertId !== undefined ? { expertId: user.expertId } : {}),
  };
}
