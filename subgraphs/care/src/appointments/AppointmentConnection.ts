import { connectionOf } from '@caregraph/shared';
import { ObjectType } from 'type-graphql';
import { Appointment } from './Appointment.entity';

/** Relay connection of a care recipient's appointments, soonest first (startsAt, then id). */
@ObjectType()
export class AppointmentConnection extends connectionOf(Appointment, 'Appointment') {}
