import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@shenbao/domain';
import { decodeCursor, DEFAULT_LIMIT, ListQueryDto, toPage } from '../../common/http/list-query.dto';
import type { Page } from '../../common/http/list-query.dto';
import { ProgramDirectory } from '../program-directory';
import { ProgramViewDoc, toProgramView } from '../program.view';
import type { ProgramView } from '../program.view';
import { ref } from '../../openapi/schema-helpers';

/** Every signed-in role may read programs: applicants need the id, regions and tasks to apply. */
@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ReadProgramsController {
  constructor(private readonly programs: ProgramDirectory) {}

  @Get()
  @ApiOperation({ summary: 'Programs, by key (any signed-in role)' })
  @ApiOkResponse({ schema: ref('ProgramPage') })
  async list(@Query() query: ListQueryDto): Promise<Page<ProgramView>> {
    await this.programs.catchUp();
    const limit = query.limit ?? DEFAULT_LIMIT;
    return toPage(this.programs.list(limit + 1, decodeCursor(query.cursor)), limit, (p) => p.state.settings.key, toProgramView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One program with its regions, tasks, quota and window' })
  @ApiOkResponse({ type: ProgramViewDoc })
  async get(@Param('id') id: string): Promise<ProgramView> {
    await this.programs.catchUp();
    const program = this.programs.byId(id);
    if (!program) throw new DomainError('NOT_FOUND', `No program ${id}.`);
    return toProgramView(program);
  }
}
