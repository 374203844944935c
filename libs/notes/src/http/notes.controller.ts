import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  Allow,
  Audit,
  CurrentScope,
  CurrentUser,
  Idempotent,
  PageQueryDto,
  Scoped,
  UuidParam,
} from '@kap/core';
import type { AuthUser, Page, RequestScope } from '@kap/core';
import { NotesService } from '../notes.service';
import { CreateAddendumDto, CreateNoteDto, NoteDto, NoteSummaryDto, UpdateNoteDto } from './note.dto';

@ApiTags('notes')
@Controller()
@Allow('clinician', 'supervisor')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Post('patients/:id/notes')
  @Scoped({ resource: 'patient', param: 'id' })
  @Idempotent()
  @Audit('note.create', 'note')
  @ApiOperation({ summary: 'Start an integration note (draft) for a patient' })
  @ApiCreatedResponse({ type: NoteDto })
  create(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: CreateNoteDto,
  ): Promise<NoteDto> {
    return this.notes.create(scope.clinicId!, id, user, dto);
  }

  @Get('patients/:id/notes')
  @Scoped({ resource: 'patient', param: 'id' })
  @Audit('note.list', 'note')
  @ApiOperation({ summary: "A patient's notes, newest first, without their text" })
  @ApiOkResponse({ type: NoteSummaryDto, isArray: true })
  list(
    @CurrentScope() scope: RequestScope,
    @UuidParam('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<NoteSummaryDto>> {
    return this.notes.list(scope.clinicId!, id, query);
  }

  @Get('notes/:id')
  @Scoped({ resource: 'note', param: 'id' })
  @Audit('note.read', 'note')
  @ApiOkResponse({ type: NoteDto })
  get(@CurrentScope() scope: RequestScope, @UuidParam('id') id: string): Promise<NoteDto> {
    return this.notes.get(scope.clinicId!, id);
  }

  @Patch('notes/:id')
  @Scoped({ resource: 'note', param: 'id' })
  @Audit('note.update', 'note')
  @ApiOperation({ summary: 'Edit a draft (its author only)' })
  @ApiOkResponse({ type: NoteDto })
  @ApiForbiddenResponse({ description: 'Not the author' })
  @ApiConflictResponse({ description: 'NOTE_SIGNED: a signed note cannot change' })
  update(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: UpdateNoteDto,
  ): Promise<NoteDto> {
    return this.notes.update(scope.clinicId!, id, user, dto);
  }

  @Post('notes/:id/sign')
  @HttpCode(200)
  @Scoped({ resource: 'note', param: 'id' })
  @Audit('note.sign', 'note')
  @ApiOperation({ summary: 'Sign a draft (its author only); it becomes immutable' })
  @ApiOkResponse({ type: NoteDto })
  @ApiForbiddenResponse({ description: 'Not the author' })
  @ApiConflictResponse({ description: 'NOTE_SIGNED: already signed; NOTE_INCOMPLETE: a blank section' })
  sign(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
  ): Promise<NoteDto> {
    return this.notes.sign(scope.clinicId!, id, user);
  }

  @Post('notes/:id/addenda')
  @Scoped({ resource: 'note', param: 'id' })
  @Idempotent()
  @Audit('note.addendum', 'note')
  @ApiOperation({ summary: 'Append an addendum to a signed note' })
  @ApiCreatedResponse({ type: NoteDto })
  @ApiConflictResponse({ description: 'NOTE_NOT_SIGNED: a draft is edited instead' })
  addAddendum(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: CreateAddendumDto,
  ): Promise<NoteDto> {
    return this.notes.addAddendum(scope.clinicId!, id, user, dto);
  }
}
