import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { decodeCursor, DEFAULT_LIMIT, ListQueryDto, toPage } from '../../common/http/list-query.dto';
import type { Page } from '../../common/http/list-query.dto';
import { EXPERT_DIRECTORY } from '@shenbao/commands';
import type { ExpertDirectory, ExpertRecord } from '@shenbao/commands';
import { ref } from '../../openapi/schema-helpers';

@ApiTags('experts')
@ApiBearerAuth()
@Controller('experts')
export class ListExpertsController {
  constructor(@Inject(EXPERT_DIRECTORY) private readonly experts: ExpertDirectory) {}

  @Get()
  @Roles('admin', 'province')
  @ApiOperation({ summary: 'Experts in the pool (admin, province)' })
  @ApiOkResponse({ schema: ref('ExpertPage') })
  async list(@Query() query: ListQueryDto): Promise<Page<ExpertRecord>> {
    await this.experts.catchUp();
    const limit = query.limit ?? DEFAULT_LIMIT;
    return toPage(this.experts.list(limit + 1, decodeCursor(query.cursor)), limit, (e) => e.id, (e) => ({ ...e, fields: [...e.fields] }));
  }
}
