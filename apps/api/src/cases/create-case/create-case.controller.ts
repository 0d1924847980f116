import { Body, Controller, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { CasesApi } from '../http/case-action.decorators';
import { RevisionEtagInterceptor } from '../http/revision-etag.interceptor';
import { CreateCaseRequest } from './create-case.command';
import { CreateCaseDto, CreatedCaseResponse } from './create-case.dto';

@CasesApi()
@Controller('cases')
export class CreateCaseController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('applicant', 'city')
  @ApiOperation({ summary: 'Create a draft case in a program (applicant, city)' })
  @UseInterceptors(RevisionEtagInterceptor)
  @ApiCreatedResponse({ type: CreatedCaseResponse })
  create(@Body() body: CreateCaseDto, @Ctx() ctx: RequestContext): Promise<CreatedCaseResponse> {
    return this.commands.execute(new CreateCaseRequest(body, ctx));
  }
}
