import { Module, OnModuleInit } from '@nestjs/common';
import { ScopeResolverRegistry } from '@kap/core';
import { NotesService } from './notes.service';

@Module({
  providers: [NotesService],
  exports: [NotesService],
})
export class NotesModule implements OnModuleInit {
  constructor(private readonly scopes: ScopeResolverRegistry) {}

  onModuleInit() {
    this.scopes.register({
      resource: 'note',
      sql: `SELECT clinic_id, patient_id FROM notes WHERE id = $1`,
    });
  }
}
