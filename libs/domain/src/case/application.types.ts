/** The application form (申报书 + 重点任务（项目）表), as in API.md `PUT /cases/:id/application`. */

export interface Person {
  name: string;
  mobile: string;
}

export interface Application {
  cover: {
    unitName: string;
    address: string;
    head: Person;
    contact: Person & { fax?: string; email: string };
  };
  basicSituation: string;
  currentStatus: string;
  plan: {
    taskStatus: string;
    approach: string;
    selectedTasks: string[];
    customTasks: { title: string; description: string }[];
    targets: { overall: string; perTask: Record<string, string> };
    workItems: { title: string; due: string; responsibleUnit: string }[];
    policyMeasures: string;
  };
  enterprises: {
    name: string;
    enteredOn: string;
    field: string;
    products: string;
    innovation?: string;
    standing?: string;
    economicResults?: string;
  }[];
  keyProjects: {
    seq: number;
    name: string;
    undertakingUnit: string;
    content: string;
    totalInvestment: number;
    periodStart: string;
    periodEnd: string;
    expectedResults: string;
    expectedRevenue?: number;
    remarks?: string;
  }[];
}
