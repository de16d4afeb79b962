import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { CurrentApiKey } from '../common/auth/current-api-key.decorator';
import { RequireScope } from '../common/auth/require-scope.decorator';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { CheckoutPageUrls } from '../common/security/checkout-page-urls';
import { EventListResponse, EventResponse } from './dto/event-response.dto';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import { presentEvent } from './event.presenter';
import { EventsService } from './events.service';

@ApiTags('Events')
@Controller('api/v1/events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly pageUrls: CheckoutPageUrls,
  ) {}

  /** Events of the key's mode, newest first; kept 30 days. */
  @Get()
  @RequireScope('events:read')
  @ApiOkResponse({ type: EventListResponse })
  async listEvents(@CurrentApiKey() key: AuthenticatedKey, @Query() query: ListEventsQueryDto): Promise<EventListResponse> {
    const page = await this.events.list(key.mode, query);
    return { ...page, data: page.data.map((event) => presentEvent(event, this.pageUrls)) };
  }

  /** Retrieves an event: the object as it was just after the change. */
  @Get(':id')
  @RequireScope('events:read')
  @ApiOkResponse({ type: EventResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async getEvent(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<EventResponse> {
    return presentEvent(await this.events.get(key.mode, id), this.pageUrls);
  }
}
