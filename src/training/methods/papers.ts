import type { PaperRef } from './types';

/** The papers behind the methods, shared where several methods come from one paper. */
export const PAPERS = {
  kang2020: {
    title: 'Decoupling Representation and Classifier for Long-Tailed Recognition',
    authors: 'Bingyi Kang, Saining Xie, Marcus Rohrbach, Zhicheng Yan, Albert Gordo, Jiashi Feng, Yannis Kalantidis',
    venue: 'ICLR',
    year: 2020,
    url: 'https://arxiv.org/abs/1910.09217',
  },
  buda2018: {
    title: 'A systematic study of the class imbalance problem in convolutional neural networks',
    authors: 'Mateusz Buda, Atsuto Maki, Maciej A. Mazurowski',
    venue: 'Neural Networks',
    year: 2018,
    url: 'https://arxiv.org/abs/1710.05381',
  },
  cui2019: {
    title: 'Class-Balanced Loss Based on Effective Number of Samples',
    authors: 'Yin Cui, Menglin Jia, Tsung-Yi Lin, Yang Song, Serge Belongie',
    venue: 'CVPR',
    year: 2019,
    url: 'https://arxiv.org/abs/1901.05555',
  },
  lin2017: {
    title: 'Focal Loss for Dense Object Detection',
    authors: 'Tsung-Yi Lin, Priya Goyal, Ross Girshick, Kaiming He, Piotr Dollár',
    venue: 'ICCV',
    year: 2017,
    url: 'https://arxiv.org/abs/1708.02002',
  },
  cao2019: {
    title: 'Learning Imbalanced Datasets with Label-Distribution-Aware Margin Loss',
    authors: 'Kaidi Cao, Colin Wei, Adrien Gaidon, Nikos Arechiga, Tengyu Ma',
    venue: 'NeurIPS',
    year: 2019,
    url: 'https://arxiv.org/abs/1906.07413',
  },
  ren2020: {
    title: 'Balanced Meta-Softmax for Long-Tailed Visual Recognition',
    authors: 'Jiawei Ren, Cunjun Yu, Shunan Sheng, Xiao Ma, Haiyu Zhao, Shuai Yi, Hongsheng Li',
    venue: 'NeurIPS',
    year: 2020,
    url: 'https://arxiv.org/abs/2007.10740',
  },
  menon2021: {
    title: 'Long-Tail Learning via Logit Adjustment',
    authors: 'Aditya Krishna Menon, Sadeep Jayasumana, Ankit Singh Rawat, Himanshu Jain, Andreas Veit, Sanjiv Kumar',
    venue: 'ICLR',
    year: 2021,
    url: 'https://arxiv.org/abs/2007.07314',
  },
  zhong2021: {
    title: 'Improving Calibration for Long-Tailed Recognition',
    authors: 'Zhisheng Zhong, Jiequan Cui, Shu Liu, Jiaya Jia',
    venue: 'CVPR',
    year: 2021,
    url: 'https://arxiv.org/abs/2104.00466',
  },
  zhang2018: {
    title: 'mixup: Beyond Empirical Risk Minimization',
    authors: 'Hongyi Zhang, Moustapha Cisse, Yann N. Dauphin, David Lopez-Paz',
    venue: 'ICLR',
    year: 2018,
    url: 'https://arxiv.org/abs/1710.09412',
  },
  chou2020: {
    title: 'Remix: Rebalanced Mixup',
    authors: 'Hsin-Ping Chou, Shih-Chieh Chang, Jia-Yu Pan, Wei Wei, Da-Cheng Juan',
    venue: 'ECCV Workshops',
    year: 2020,
    url: 'https://arxiv.org/abs/2007.03943',
  },
} as const satisfies Record<string, PaperRef>;
