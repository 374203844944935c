import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Domain events delivered synchronously INSIDE the emitting transaction, so that what other domains do
 * in reaction (schedule reminders, write outbox rows) commits or rolls back with the clinical write.
 * Payloads are ids and times only. Listeners must not call out of the process (no network): they write
 * rows (for example outbox rows) and let the worker act later.
 */
export interface DomainEventMap {
  'session.scheduled': { sessionId: string; patientId: string; clinicId: string; scheduledAt: Date };
  'session.rescheduled': { sessionId: string; patientId: string; clinicId: string; scheduledAt: Date };
  'session.cancelled': { sessionId: string; patientId: string; clinicId: string };
  'session.completed': { sessionId: string; patientId: string; clinicId: string; completedAt: Date };
  /** The patient's first dose ever (the start of the outcome timeline). */
  'patient.first_dose': { patientId: string; clinicId: string; sessionId: string; administeredAt: Date };
  'flag.raised': {
    flagId: string;
    clinicId: string;
    patientId: string;
    sessionId: string | null;
    severity: string;
  };
}

export type DomainEventName = keyof DomainEventMap;
type Listener<E extends DomainEventName> = (
  manager: EntityManager,
  payload: DomainEventMap[E],
) => Promise<void>;

@Injectable()
export class DomainEvents {
  private readonly listeners = new Map<DomainEventName, Listener<DomainEventName>[]>();

  on<E extends DomainEventName>(event: E, listener: Listener<E>): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as unknown as Listener<DomainEventName>);
    this.listeners.set(event, list);
  }

  /** Call with the transaction's manager; a listener's failure fails (rolls back) the whole write. */
  async emit<E extends DomainEventName>(
    manager: EntityManager,
    event: E,
    payload: DomainEventMap[E],
  ): Promise<void> {
    for (const listener of this.listeners.get(event) ?? []) await listener(manager, payload);
  }
}
