import { randomUUID } from 'node:crypto';
import type { graphqlAt } from './graphqlAt';

export interface GatewayUser {
  email: string;
  token: string;
  id: string;
}

/**
 * People made through the gateway as an app makes them, for end-to-end scenarios: `signUp(name)`
 * (a unique address, a fixed password) and `join`, the OWNER's invitation accepted by the member.
 */
export function gatewayUsers(gql: ReturnType<typeof graphqlAt>['gql']) {
  const signUp = async (name: string): Promise<GatewayUser> => {
    const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
    const { signUp: auth } = await gql('mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }', { i: { email, password: 'correct horse battery', displayName: name } });
    return { email, token: auth.token as string, id: auth.user.id as string };
  };
  const join = async (careCircleId: string, owner: { token: string }, member: { email: string; token: string }, role: string): Promise<void> => {
    const { inviteMember } = await gql('mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id } }', { i: { careCircleId, email: member.email, role } }, owner.token);
    await gql('mutation($id: ID!) { acceptInvitation(id: $id) { role } }', { id: inviteMember.id }, member.token);
  };
  return { signUp, join };
}
