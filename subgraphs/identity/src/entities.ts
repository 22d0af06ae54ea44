import { CareCircle } from './careCircles/CareCircle.entity';
import { Membership } from './careCircles/Membership.entity';
import { Invitation } from './invitations/Invitation.entity';
import { User } from './users/User.entity';

/** Every MikroORM entity identity owns (createOrm adds the outbox). */
export const identityEntities = [User, CareCircle, Membership, Invitation];
