import { PartialType } from '@nestjs/swagger';
import { RegisterExpertDto } from '../register-expert/register-expert.dto';

/** The attributes to change, each checked as in `POST /experts`; an attribute left out keeps its value. */
export class UpdateExpertDto extends PartialType(RegisterExpertDto) {}
