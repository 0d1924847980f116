/** The signed-in user as the read-model queries scope it (same fields, the projections' own types). */
import type { InboxActor, Visibility } from '@shenbao/projections';
import type { AuthUser } from '../auth/auth-user';

export function visibilityOf(user: AuthUser): Visibility & InboxActor {
  return {
    userId: user.id,
    role: user.role,
    ...(user.cityCode !== undefined ? { cityCode: user.cityCode } : {}),
    ...(user.districtCode !== undefined ? { districtCode: user.districtCode } : {}),
    ...(user.expertId !== undefined ? { expertId: user.expertId } : {}),
  };
}
