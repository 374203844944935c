export * from './notes.module';
export * from './notes.service';
export * from './note-content';
export * from './http/notes-http.module';
export * from './http/note.dto';
