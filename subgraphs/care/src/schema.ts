import { buildFederatedSchema } from '@caregraph/shared';
import type { GraphQLSchema } from 'graphql';
import { AppointmentResolver } from './appointments/AppointmentResolver';
import { CareCircleRecipientsResolver } from './careRecipients/CareCircleRecipientsResolver';
import { CareRecipientResolver } from './careRecipients/CareRecipientResolver';
import type { CareContext } from './common/CareContext';
import { EmergencyAlertResolver } from './emergencyAlerts/EmergencyAlertResolver';
import { MedicationLogResolver } from './medications/MedicationLogResolver';
import { MedicationResolver } from './medications/MedicationResolver';
import { PartnerResolver } from './partners/PartnerResolver';
import { referenceResolvers } from './referenceResolvers';
import { CareCircle } from './references/CareCircle';
import { User } from './references/User';
import { ShiftResolver } from './shifts/ShiftResolver';
import { TimelineEntryResolver } from './timeline/TimelineEntryResolver';

/** The care subgraph's executable schema and SDL (for composition); needs no database. */
export function buildCareSchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  return buildFederatedSchema<CareContext>({
    resolvers: [
      CareRecipientResolver,
      CareCircleRecipientsResolver,
      MedicationResolver,
      MedicationLogResolver,
      AppointmentResolver,
      EmergencyAlertResolver,
      ShiftResolver,
      TimelineEntryResolver,
      PartnerResolver,
    ],
    orphanedTypes: [User, CareCircle],
    referenceResolvers,
  });
}
