import { fileNameOf } from '../api/download';
import { availableDocuments, documentPath } from './documents';

describe('case documents in the console', () => {
  it('offers each document once its source exists', () => {
    expect(availableDocuments({ application: null, recommendations: [], approval: null })).toEqual([]);
    expect(availableDocuments({ application: {}, recommendations: [], approval: null })).toEqual(['applicationPdf', 'applicationDocx', 'keyProjects']);
    expect(availableDocuments({ application: {}, recommendations: [{ cityCode: '440100' } as never], approval: { replyLetterNo: 'x' } }))
      .toEqual(['applicationPdf', 'applicationDocx', 'keyProjects', 'recommendationPdf', 'recommendationDocx', 'approvalPdf']);
    expect(documentPath('a/b', 'keyProjects')).toBe('/cases/a%2Fb/documents/key-projects.xlsx');
  });

  it('names the file as the API does: filename* first, then filename', () => {
    expect(fileNameOf(`attachment; filename="application-c1.pdf"; filename*=UTF-8''%E5%A4%A9%E6%B2%B3-%E7%94%B3%E6%8A%A5%E4%B9%A6.pdf`)).toBe('天河-申报书.pdf');
    expect(fileNameOf('attachment; filename="application-c1.pdf"')).toBe('application-c1.pdf');
    expect(fileNameOf(`attachment; filename="x.pdf"; filename*=UTF-8''%E5%A4`)).toBe('x.pdf');
    expect(fileNameOf(null)).toBeUndefined();
  });
});
