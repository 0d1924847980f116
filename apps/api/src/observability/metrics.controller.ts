import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AcceptsMetricsToken, Roles } from '../auth/auth.decorators';
import type { HttpResponse } from '../common/http/http.types';
import { MetricsService } from '@shenbao/commands';

/** Prometheus text at the server root: for an admin's access token or METRICS_TOKEN; every other role gets 403. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @AcceptsMetricsToken()
  @Roles('admin')
  @ApiOperation({ summary: 'Prometheus metrics (an admin bearer token or METRICS_TOKEN)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus exposition format', type: String })
  async scrape(@Res({ passthrough: true }) res: HttpResponse): Promise<string> {
    void res.header('Content-Type', this.metrics.contentType);
    return this.metrics.text();
  }
}
