import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Audit, CurrentUser, UuidParam } from '@kap/core';
import type { AuthUser, Page } from '@kap/core';
import { UsersService } from '../users.service';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto } from './user.dto';

@ApiTags('users')
@Controller('users')
@Allow('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Audit('user.create', 'user')
  @ApiOperation({ summary: 'Create an account (password of at least 12 characters)' })
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: UserDto, isArray: true })
  list(@Query() query: ListUsersQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  get(@UuidParam() id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Audit('user.update', 'user')
  @ApiOperation({ summary: 'Change name, role, clinics or password; active=false deactivates at once' })
  @ApiOkResponse({ type: UserDto })
  update(@CurrentUser() actor: AuthUser, @UuidParam() id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }
}
