import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { HttpRequest } from '../../common/http/http.types';
import { Public } from '../auth.decorators';
import { LoginDto, LoginResponse } from './login.dto';
import { LoginService } from './login.service';

@ApiTags('auth')
@Controller('auth')
export class LoginController {
  constructor(private readonly service: LoginService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username and password; returns an access token (public)' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many failures; see Retry-After' })
  login(@Body() body: LoginDto, @Req() req: HttpRequest): Promise<LoginResponse> {
    return this.service.login(body.username, body.password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }
}
