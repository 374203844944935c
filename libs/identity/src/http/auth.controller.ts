import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Allow, CurrentUser, Public, ROLES } from '@kap/core';
import type { AppRequest, AuthUser } from '@kap/core';
import { AuthService } from '../auth.service';
import { LoginDto, LoginResponseDto, MeDto } from './user.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange e-mail and password for a short-lived access token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password (which one is not said)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this e-mail or address' })
  login(@Body() dto: LoginDto, @Req() req: AppRequest): Promise<LoginResponseDto> {
    return this.auth.login(dto.email, dto.password, req.ip, String(req.id));
  }

  @Get('me')
  @Allow(...ROLES)
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): MeDto {
    return user;
  }
}
